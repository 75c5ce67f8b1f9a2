import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock } from '#switchboard/common';
import { queueConfig } from '#switchboard/queue';
import { DataSource } from 'typeorm';
import { WebhookSubscriptionsRepository } from '../subscriptions/webhook-subscriptions.repository.js';
import { deliveryRetentionDays, webhooksConfig, type WebhooksConfig } from '../webhooks.config.js';
import { RETRY_WINDOW_MS } from './backoff.js';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';

/** Events fanned out per statement. */
const FAN_OUT_BATCH = 500;
/** Subscriptions whose due deliveries one sweep sends. */
const SWEEP_LIMIT = 1000;
/** How often the one process relays (the scheduled function runs every minute in AWS). */
export const RELAY_INTERVAL_MS = 500;
/** How often a relay also deletes finished deliveries past their retention, and how many at most each time. */
const PRUNE_INTERVAL_MS = 60_000;
const PRUNE_BATCH = 1000;
const PRUNE_MAX_BATCHES = 10;

/**
 * Hands the event outbox on: fans new events out into deliveries (one
 * statement per batch: outbox rows removed, deliveries inserted, together),
 * then sends every active subscription's due deliveries to `webhook-deliveries`
 * where no batch of it is on its way — new events, retries that came due, and
 * batches a dead worker left (their lease expired).
 *
 * In the one process a poller runs every RELAY_INTERVAL_MS, and at start every
 * lease is freed (the in-memory queue lost the batches it held). In AWS the
 * scheduled function `webhook-relay` runs it every minute, and each worker sends
 * its subscription's next batch as soon as it finishes one.
 *
 * Once a minute a relay also deletes the delivered and failed deliveries older
 * than WEBHOOK_DELIVERY_RETENTION_DAYS, so the delivery log does not grow
 * without bound.
 */
@Injectable()
export class WebhookRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhookRelay');
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<unknown> | undefined;
  private prunedAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly dispatcher: WebhookDispatcher,
    private readonly clock: Clock,
    @Inject(queueConfig.KEY) private readonly queue: ConfigType<typeof queueConfig>,
    @Inject(webhooksConfig.KEY) private readonly webhooks: WebhooksConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.queue.consumersEnabled) return;
    const freed = await this.subscriptions.releaseAllDispatches();
    if (freed) this.logger.warn(`Sending the due deliveries of ${freed} webhooks again: their batches were on their way at a restart`);
    this.timer = setInterval(() => this.poll(), RELAY_INTERVAL_MS);
    this.poll();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.polling;
  }

  /** Fans out up to `maxBatches` outbox batches, then dispatches, then prunes if a minute has passed. @returns events fanned out, deliveries sent and pruned. */
  async relay(maxBatches = Infinity): Promise<{ events: number; sent: number; pruned: number }> {
    let events = 0;
    const touched = new Set<string>();
    for (let batches = 0; batches < maxBatches; batches++) {
      const now = this.clock.now();
      const out = await this.deliveries.fanOut(this.dataSource.manager, FAN_OUT_BATCH, now, new Date(now.getTime() + RETRY_WINDOW_MS));
      events += out.events;
      out.subscriptions.forEach((id) => touched.add(id));
      if (out.events < FAN_OUT_BATCH) break;
    }
    for (const id of await this.deliveries.subscriptionsWithDue(this.clock.now(), SWEEP_LIMIT)) touched.add(id);
    let sent = 0;
    for (const id of touched) sent += await this.dispatcher.dispatch(id);
    return { events, sent, pruned: await this.pruneEveryMinute() };
  }

  /** Deletes finished deliveries past their retention, at most once a minute and PRUNE_MAX_BATCHES batches at a time. */
  private async pruneEveryMinute(): Promise<number> {
    const now = this.clock.now();
    if (now.getTime() - this.prunedAt < PRUNE_INTERVAL_MS) return 0;
    this.prunedAt = now.getTime();
    const before = new Date(now.getTime() - deliveryRetentionDays(this.webhooks) * 86_400_000);
    let pruned = 0;
    for (let batches = 0; batches < PRUNE_MAX_BATCHES; batches++) {
      const deleted = await this.deliveries.pruneFinished(before, PRUNE_BATCH);
      pruned += deleted;
      if (deleted < PRUNE_BATCH) break;
    }
    if (pruned) this.logger.log(`Deleted ${pruned} finished webhook deliveries older than ${deliveryRetentionDays(this.webhooks)} days`);
    return pruned;
  }

  /** One pass of the poller; never two at once, and a failure waits for the next tick. */
  private poll(): void {
    if (this.polling || !this.timer) return;
    this.polling = this.relay()
      .catch((err: unknown) => this.logger.warn({ err }, 'Webhook relay failed; trying again shortly'))
      .finally(() => (this.polling = undefined));
  }
}
