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
 * Delivers one batch of a subscription, oldest event first: each 2xx is
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
    const records: AttemptRecord[] = [];
    let last: SendResult | undefined;
    let tried = 0;
    for (const delivery of batch) {
      if (performance.now() - started > BATCH_BUDGET_MS) break; // the rest stay due: the next batch takes them
      const now = this.clock.now();
      last = await this.sender.send(subscription.url, JSON.stringify(delivery.payload), delivery.eventId, secrets, now.getTime() / 1000);
      records.push(this.recordOf(delivery, last, now));
      tried += 1;
      if (last.unresponsive) break;
    }
    const now = this.clock.now();
    await this.deliveries.recordAttempts(records, now);
    if (last?.unresponsive && tried < batch.length) {
      const retryAt = records.at(-1)!.nextAttemptAt ?? now;
      await this.deliveries.postpone(
        batch.slice(tried).map((d) => d.id),
        retryAt,
      );
    }
    if (records.some((r) => r.status === 'delivered')) await this.subscriptions.markHealthy(subscription.id);
    else if (records.length > 0) {
      const reason = `Deliveries failed for 24 h in a row; last: ${records.at(-1)!.error}`;
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
