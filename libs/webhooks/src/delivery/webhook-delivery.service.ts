import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '#switchboard/common';
import { WebhookSecrets } from '../subscriptions/webhook-secrets.js';
import type { WebhookSubscription } from '../subscriptions/webhook-subscription.entity.js';
import { WebhookSubscriptionsRepository } from '../subscriptions/webhook-subscriptions.repository.js';
import { retryBaseSeconds, webhooksConfig, type WebhooksConfig } from '../webhooks.config.js';
import { backoffMs, RETRY_WINDOW_MS } from './backoff.js';
import { WebhookDeliveriesRepository, type AttemptRecord } from './webhook-deliveries.repository.js';
import type { WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookSender, type SendResult } from './webhook-sender.js';

/** A batch starts no new delivery after this long, so it ends well inside its lease and a worker's timeout. */
const BATCH_BUDGET_MS = 15_000;
/**
 * Requests of one webhook on their way at once. They start in event order;
 * more than one lets a receiver that answers slowly still take hundreds of
 * events a second, at the price of overlapping requests (receivers order by occurredAt).
 */
export const IN_FLIGHT = 8;

/**
 * Delivers one batch of a subscription, oldest event first (IN_FLIGHT at a time): each 2xx is
 * delivered; any other answer schedules a retry (backoff with jitter) until the
 * delivery's 24 h are spent, then it is failed. A receiver that does not answer
 * (timeout, refused connection) stops the batch: the rest wait for the same
 * retry time without an attempt counted, so a hanging receiver costs one
 * timeout per retry, not one per event. The batch's outcome moves the
 * subscription's failure run, which pauses it after 24 h.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger('Webhooks');
  private readonly retryBase: number;

  constructor(
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly dispatcher: WebhookDispatcher,
    private readonly sender: WebhookSender,
    private readonly secrets: WebhookSecrets,
    private readonly clock: Clock,
    @Inject(webhooksConfig.KEY) cfg: WebhooksConfig,
  ) {
    this.retryBase = retryBaseSeconds(cfg);
  }

  async deliverBatch(subscriptionId: string, deliveryIds: string[]): Promise<void> {
    const subscription = await this.subscriptions.findById(subscriptionId);
    if (!subscription) return; // deleted, and its deliveries with it
    try {
      if (!subscription.paused) await this.attempt(subscription, await this.deliveries.pendingByIds(subscriptionId, deliveryIds));
    } finally {
      await this.subscriptions.releaseDispatch(subscriptionId);
    }
    // The next batch follows at once; should this send fail, the relay's sweep sends it.
    await this.dispatcher.dispatch(subscriptionId).catch((err: unknown) => this.logger.warn({ err, subscriptionId }, 'Next webhook batch not sent yet'));
  }

  private async attempt(subscription: WebhookSubscription, batch: WebhookDelivery[]): Promise<void> {
    if (batch.length === 0) return;
    const secrets = this.secrets.signingSecrets(subscription, this.clock.now());
    const started = performance.now();
    const records: (AttemptRecord | undefined)[] = new Array<AttemptRecord | undefined>(batch.length);
    let next = 0;
    let unresponsive: AttemptRecord | undefined;
    // IN_FLIGHT lanes take the deliveries in event order; none starts after the budget or once the receiver stopped answering.
    const lane = async (): Promise<void> => {
      while (!unresponsive && next < batch.length && performance.now() - started <= BATCH_BUDGET_MS) {
        const index = next++;
        const delivery = batch[index]!;
        const now = this.clock.now();
        const result = await this.sender.send(subscription.url, JSON.stringify(delivery.payload), delivery.eventId, secrets, now.getTime() / 1000);
        records[index] = this.recordOf(delivery, result, now);
        if (result.unresponsive) unresponsive ??= records[index];
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, batch.length) }, lane));
    const tried = records.filter((r): r is AttemptRecord => r !== undefined);
    const now = this.clock.now();
    await this.deliveries.recordAttempts(tried, now);
    // Not tried because the receiver stopped answering: they wait for its retry, no attempt counted. Not tried for the budget: still due.
    if (unresponsive) {
      await this.deliveries.postpone(
        batch.filter((_, i) => !records[i]).map((d) => d.id),
        unresponsive.nextAttemptAt ?? now,
      );
    }
    if (tried.some((r) => r.status === 'delivered')) {
      if (subscription.failingSince) await this.subscriptions.markHealthy(subscription.id);
    } else if (tried.length > 0) {
      const reason = `Deliveries failed for 24 h in a row; last: ${tried.at(-1)!.error}`;
      if (await this.subscriptions.markFailing(subscription.id, now, RETRY_WINDOW_MS, reason)) {
        this.logger.warn({ subscriptionId: subscription.id, tenantId: subscription.tenantId }, 'Webhook paused after failing for 24 h');
      }
    }
  }

  private recordOf(delivery: WebhookDelivery, result: SendResult, now: Date): AttemptRecord {
    const base = { id: delivery.id, statusCode: result.statusCode, error: result.error };
    if (result.ok) return { ...base, status: 'delivered', nextAttemptAt: null, deliveredAt: now };
    const next = new Date(now.getTime() + backoffMs(delivery.attempts + 1, this.retryBase));
    if (next > delivery.retryUntil) return { ...base, status: 'failed', nextAttemptAt: null, deliveredAt: null };
    return { ...base, status: 'pending', nextAttemptAt: next, deliveredAt: null };
  }
}
