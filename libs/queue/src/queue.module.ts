import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DiscoveryModule } from '@nestjs/core';
import { QueueConsumers } from './queue-consumers.js';
import { QueueHandlerRegistry } from './queue-handler.registry.js';
import { QueueHealth } from './queue-health.js';
import { QueueProcessor } from './queue-processor.js';
import { QueueProducer } from './queue-producer.js';
import { queueConfig } from './queue.config.js';
import { QueueUrls } from './queue-urls.js';
import { createSqsConnection, SqsConnection } from './sqs-connection.js';

/** Global SQS plumbing: producer, handler discovery, pollers, DLQ routing, readiness. */
@Global()
@Module({
  imports: [ConfigModule.forFeature(queueConfig), DiscoveryModule],
  providers: [
    { provide: SqsConnection, inject: [queueConfig.KEY], useFactory: createSqsConnection },
    QueueUrls,
    QueueProducer,
    QueueHandlerRegistry,
    QueueProcessor,
    QueueConsumers,
    QueueHealth,
  ],
  exports: [QueueProducer, QueueHandlerRegistry, QueueProcessor, QueueConsumers, QueueHealth, QueueUrls, SqsConnection],
})
export class QueueModule {
  /** For feature modules: makes the dependency explicit (the platform already imports the global module once). */
  static forFeature(): DynamicModule {
    return { module: QueueFeatureModule, imports: [QueueModule] };
  }
}

@Module({})
class QueueFeatureModule {}
