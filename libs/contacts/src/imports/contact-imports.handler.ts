import { Inject, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { isRetryable } from '#switchboard/common';
import { PoisonMessageError, QueueHandler, type QueueMessage, type QueueMessageHandler } from '#switchboard/queue';
import { contactsConfig } from '../contacts.config.js';
import { UUID } from '../uuid.js';
import type { ImportChunkMessage } from './import-chunks.js';
import { ImportChunksService } from './import-chunks.service.js';

/** The message shape, checked before anything touches the database. */
export function parseChunkMessage(body: unknown): ImportChunkMessage {
  const m = body as Partial<ImportChunkMessage> | null;
  const valid =
    typeof m === 'object' &&
    m !== null &&
    typeof m.importId === 'string' &&
    UUID.test(m.importId) &&
    typeof m.tenantId === 'string' &&
    m.tenantId.length > 0 &&
    Number.isInteger(m.chunk) &&
    m.chunk! >= 0 &&
    Array.isArray(m.rows) &&
    m.rows.every((r) => Array.isArray(r) && r.length === 2 && Number.isInteger(r[0]) && r[0] > 0) &&
    (m.kind === undefined || (m.kind === 'dnc' && typeof m.actor === 'string' && m.actor.length > 0));
  if (!valid) throw new PoisonMessageError('Not a contact-import chunk: expected { importId, tenantId, chunk, rows: [[row, data]], kind?: "dnc", actor? }.');
  return m as ImportChunkMessage;
}

/** Applies `contact-imports` messages; a chunk that will not be retried again fails its import. */
@QueueHandler('contact-imports')
export class ContactImportsHandler implements QueueMessageHandler<unknown> {
  private readonly logger = new Logger(ContactImportsHandler.name);

  constructor(
    private readonly chunks: ImportChunksService,
    @Inject(contactsConfig.KEY) private readonly cfg: ConfigType<typeof contactsConfig>,
  ) {}

  async handle(message: QueueMessage<unknown>): Promise<void> {
    const chunk = parseChunkMessage(message.body);
    try {
      await this.chunks.apply(chunk);
    } catch (err) {
      const lastTry = !isRetryable(err) || err instanceof PoisonMessageError || message.receiveCount >= this.cfg.maxReceiveCount;
      if (lastTry) {
        this.logger.error({ err, importId: chunk.importId, chunk: chunk.chunk }, 'Import chunk goes to the DLQ; the import is marked failed');
        await this.chunks.markFailed(chunk.importId, chunk.chunk).catch(() => undefined);
      }
      throw err;
    }
  }
}
