import { Injectable } from '@nestjs/common';
import { Clock, type Page } from '#switchboard/common';
import { toDeliveryDto, type DeliveryDto, type ListDeliveriesQueryDto } from '../dto/delivery.dto.js';
import { WebhooksService } from '../subscriptions/webhooks.service.js';
import { DeliveryNotFoundError, WebhookPausedError } from '../webhooks.errors.js';
import { RETRY_WINDOW_MS } from './backoff.js';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';

/** A webhook's delivery log, and sending one of its events again. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly dispatcher: WebhookDispatcher,
    private readonly clock: Clock,
  ) {}

  async list(tenantId: string, webhookId: string, query: ListDeliveriesQueryDto): Promise<Page<DeliveryDto>> {
    await this.webhooks.find(tenantId, webhookId);
    const page = await this.deliveries.list(tenantId, webhookId, { status: query.status }, query.limit, query.cursor);
    return { items: page.items.map(toDeliveryDto), nextCursor: page.nextCursor };
  }

  /** Makes the delivery due now, with the same payload and eventId and a fresh 24 h of retries, and sends it. */
  async redeliver(tenantId: string, webhookId: string, deliveryId: string): Promise<DeliveryDto> {
    const webhook = await this.webhooks.find(tenantId, webhookId);
    if (webhook.paused) throw new WebhookPausedError();
    const now = this.clock.now();
    const delivery = await this.deliveries.redeliver(tenantId, webhookId, deliveryId, now, new Date(now.getTime() + RETRY_WINDOW_MS));
    if (!delivery) throw new DeliveryNotFoundError();
    // Should the queue be unavailable, the relay's sweep sends it: it is due.
    await this.dispatcher.dispatch(webhookId).catch(() => undefined);
    return toDeliveryDto(delivery);
  }
}
