import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock } from '#switchboard/common';
import { QueueProducer, queueConfig } from '#switchboard/queue';
import { DataSource } from 'typeorm';
import { ImportOutboxRepository, type OutboxFilter } from './import-outbox.repository.js';

/** Messages sent per transaction (one SQS batch of 10 at most per 256 KiB). */
const RELAY_BATCH = 10;
/** How often the one process looks for messages nobody sent (a failed send, a crash before it). */
export const RELAY_INTERVAL_MS = 1_000;
/** Unsent for this long, a message was left by a sender that died or timed out (a function's own send takes well under it). */
export const STRANDED_AFTER_MS = 60_000;
/** Batches of stranded messages an import's request sends besides its own, so that no request pays for a long backlog. */
const STRANDED_BATCHES = 5;

/**
 * Sends the import outbox to `contact-imports`. Each batch is locked
 * (SKIP LOCKED), sent, then marked sent in one transaction: a crash before the
 * commit leaves it unsent, to be sent again; a crash after the send and before
 * the commit sends it twice, and a chunk applies once however often it arrives.
 *
 * Where the queues are polled in this process (the one process), a poller runs
 * every RELAY_INTERVAL_MS, and at start-up everything not applied yet is sent
 * again (the in-memory queue lost what it held). In Lambda each import sends
 * its own messages right after its commit, then up to STRANDED_BATCHES of
 * messages unsent for STRANDED_AFTER_MS (what a function that died between its
 * commit and its send left), and the scheduled function
 * `contact-import-outbox-relay` sends whatever is unsent every minute.
 */
@Injectable()
export class ImportOutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ImportOutbox');
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<unknown> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: ImportOutboxRepository,
    private readonly producer: QueueProducer,
    private readonly clock: Clock,
    @Inject(queueConfig.KEY) private readonly queue: ConfigType<typeof queueConfig>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.queue.consumersEnabled) return;
    const again = await this.outbox.markAllUnsent();
    if (again) this.logger.warn(`Sending ${again} import chunks again: sent before a restart and not applied`);
    this.timer = setInterval(() => this.poll(), RELAY_INTERVAL_MS);
    this.poll();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.polling;
  }

  /**
   * Sends a just-committed import's messages; where no poller runs (Lambda),
   * also some that an earlier sender left behind.
   */
  async afterImport(importId: string): Promise<void> {
    await this.relay({ importId });
    if (!this.queue.consumersEnabled) await this.relay({ createdBefore: new Date(this.clock.now().getTime() - STRANDED_AFTER_MS) }, STRANDED_BATCHES);
  }

  /**
   * Sends unsent messages (all, or those `only` selects), up to `maxBatches` batches.
   * @returns how many it sent.
   */
  async relay(only: OutboxFilter = {}, maxBatches = Infinity): Promise<number> {
    let sent = 0;
    for (let batches = 0; batches < maxBatches; batches++) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const entries = await this.outbox.takeUnsent(RELAY_BATCH, manager, only);
        if (entries.length === 0) return 0;
        await this.producer.sendBatch(
          'contact-imports',
          entries.map((e) => e.message),
        );
        await this.outbox.markSent(entries, this.clock.now(), manager);
        return entries.length;
      });
      if (batch === 0) break;
      sent += batch;
    }
    return sent;
  }

  /** One pass of the poller; never two at once, and a failure waits for the next tick. */
  private poll(): void {
    if (this.polling || !this.timer) return;
    this.polling = this.relay()
      .catch((err: unknown) => this.logger.warn({ err }, 'Import outbox not sent; trying again shortly'))
      .finally(() => (this.polling = undefined));
  }
}
