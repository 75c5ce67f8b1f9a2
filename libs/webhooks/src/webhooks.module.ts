import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecretSealerModule } from '#switchboard/common';
import { QueueModule, queueConfig } from '#switchboard/queue';
import { WebhookDeliveriesHandler } from './delivery/webhook-deliveries.handler.js';
import { WebhookDeliveriesRepository } from './delivery/webhook-deliveries.repository.js';
import { WebhookDeliveriesService } from './delivery/webhook-deliveries.service.js';
import { WebhookDelivery } from './delivery/webhook-delivery.entity.js';
import { WebhookDeliveryService } from './delivery/webhook-delivery.service.js';
import { WebhookDispatcher } from './delivery/webhook-dispatcher.js';
import { WebhookRelay } from './delivery/webhook-relay.js';
import { WebhookSender } from './delivery/webhook-sender.js';
import { WebhookSecrets } from './subscriptions/webhook-secrets.js';
import { WebhookSubscription } from './subscriptions/webhook-subscription.entity.js';
import { WebhookSubscriptionsRepository } from './subscriptions/webhook-subscriptions.repository.js';
import { WebhooksService } from './subscriptions/webhooks.service.js';
import { TargetResolver } from './target/target-resolver.js';
import { WebhookTarget } from './target/webhook-target.js';
import { WebhookDeliveriesController } from './webhook-deliveries.controller.js';
import { webhooksConfig } from './webhooks.config.js';
import { WebhooksController } from './webhooks.controller.js';

/** The `webhooks` entry: `/v1/webhooks`, the consumer of `webhook-deliveries`, and the relay from the event outbox. */
@Module({
  imports: [
    TypeOrmModule.forFeature([WebhookSubscription, WebhookDelivery]),
    ConfigModule.forFeature(webhooksConfig),
    ConfigModule.forFeature(queueConfig),
    QueueModule.forFeature(),
    SecretSealerModule,
  ],
  controllers: [WebhooksController, WebhookDeliveriesController],
  providers: [
    WebhookSubscriptionsRepository,
    WebhookDeliveriesRepository,
    WebhookSecrets,
    TargetResolver,
    WebhookTarget,
    WebhooksService,
    WebhookDeliveriesService,
    WebhookDispatcher,
    WebhookSender,
    WebhookDeliveryService,
    WebhookDeliveriesHandler,
    WebhookRelay,
  ],
})
export class WebhooksModule {}
