import { Injectable } from '@nestjs/common';
import { Clock } from '#switchboard/common';
import { QueueProducer } from '#switchboard/queue';
import { WebhookSubscriptionsRepository } from '../subscriptions/webhook-subscriptions.repository.js';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository.js';

/** Deliveries in one message, sent in event order. */
export const BATCH_SIZE = 250;
/**
 * How long a batch holds its subscription: longer than a batch can take (its
 * time budget plus one delivery timeout, plus time in the queue). A worker that
 * died mid-batch leaves the lease to expire; then the relay sends the batch again.
 */
export const DISPATCH_LEASE_MS = 120_000;

/** The message on `webhook-deliveries`: one subscription's due deliveries, oldest event first. */
export interface DeliveryBatchMessage {
  subscriptionId: string;
  deliveryIds: string[];
}

/**
 * Sends a subscription's due deliveries to the queue, one batch at a time per
 * subscription (a lease on the subscription row), which keeps its events in
 * order and lets an unresponsive receiver hold up only itself.
 */
@Injectable()
export class WebhookDispatcher {
  constructor(
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly producer: QueueProducer,
    private readonly clock: Clock,
  ) {}

  /** Sends the subscription's next batch unless one is on its way. @returns how many deliveries it sent. */
  async dispatch(subscriptionId: string): Promise<number> {
    const now = this.clock.now();
    if (!(await this.subscriptions.claimDispatch(subscriptionId, now, new Date(now.getTime() + DISPATCH_LEASE_MS)))) return 0;
    try {
      const deliveryIds = await this.deliveries.dueIds(subscriptionId, now, BATCH_SIZE);
      if (deliveryIds.length === 0) {
        await this.subscriptions.releaseDispatch(subscriptionId);
        return 0;
      }
      await this.producer.send('webhook-deliveries', { subscriptionId, deliveryIds } satisfies DeliveryBatchMessage);
      return deliveryIds.length;
    } catch (err) {
      await this.subscriptions.releaseDispatch(subscriptionId).catch(() => undefined);
      throw err;
    }
  }
}
