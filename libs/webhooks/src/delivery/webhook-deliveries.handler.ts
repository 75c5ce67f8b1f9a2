import { PoisonMessageError, QueueHandler, type QueueMessage, type QueueMessageHandler } from '#switchboard/queue';
import { UUID } from '../uuid.js';
import type { DeliveryBatchMessage } from './webhook-dispatcher.js';
import { WebhookDeliveryService } from './webhook-delivery.service.js';

export function parseBatchMessage(body: unknown): DeliveryBatchMessage {
  const m = body as Partial<DeliveryBatchMessage> | null;
  const valid =
    typeof m === 'object' &&
    m !== null &&
    typeof m.subscriptionId === 'string' &&
    UUID.test(m.subscriptionId) &&
    Array.isArray(m.deliveryIds) &&
    m.deliveryIds.every((id) => typeof id === 'string' && UUID.test(id));
  if (!valid) throw new PoisonMessageError('Not a webhook delivery batch: expected { subscriptionId, deliveryIds: [uuid] }.');
  return m as DeliveryBatchMessage;
}

/**
 * Delivers `webhook-deliveries` batches. A receiver's failure is recorded and
 * retried through the deliveries table, so the message is done; a failure of
 * ours (the database) throws, and the message comes back, then goes to the DLQ
 * after QUEUE_MAX_RECEIVE_COUNT receives. Its deliveries stay pending either
 * way, and the relay sends them again when the batch's lease expires.
 */
@QueueHandler('webhook-deliveries')
export class WebhookDeliveriesHandler implements QueueMessageHandler<unknown> {
  constructor(private readonly delivery: WebhookDeliveryService) {}

  async handle(message: QueueMessage<unknown>): Promise<void> {
    const batch = parseBatchMessage(message.body);
    await this.delivery.deliverBatch(batch.subscriptionId, batch.deliveryIds);
  }
}
