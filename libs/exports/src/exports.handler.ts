import { Inject, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { isRetryable } from '#switchboard/common';
import { PoisonMessageError, QueueHandler, queueConfig, type QueueMessage, type QueueMessageHandler } from '#switchboard/queue';
import { parseExportMessage } from './export-message.js';
import { ExportRunner } from './export-runner.service.js';

/** Runs `exports` messages; an export whose message will not be retried again is marked failed. */
@QueueHandler('exports')
export class ExportsHandler implements QueueMessageHandler<unknown> {
  private readonly logger = new Logger(ExportsHandler.name);

  constructor(
    private readonly runner: ExportRunner,
    @Inject(queueConfig.KEY) private readonly cfg: ConfigType<typeof queueConfig>,
  ) {}

  async handle(message: QueueMessage<unknown>): Promise<void> {
    const { tenantId, exportId } = parseExportMessage(message.body);
    try {
      await this.runner.run(tenantId, exportId);
    } catch (err) {
      const lastTry = !isRetryable(err) || err instanceof PoisonMessageError || message.receiveCount >= this.cfg.maxReceiveCount;
      if (lastTry) {
        this.logger.error({ err, exportId }, 'Export goes to the DLQ; it is marked failed');
        await this.runner.fail(exportId, 'The export could not be produced; start a new one.').catch(() => undefined);
      }
      throw err;
    }
  }
}
