import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { MODULE_REGISTRY, type QueueName } from '#switchboard/registry';
import { QueueHandlerMarker } from './queue-handler.decorator.js';
import type { QueueMessageHandler } from './queue-message.js';

/** The `@QueueHandler` providers of this application, by queue, as Nest's discovery finds them. */
@Injectable()
export class QueueHandlerRegistry implements OnModuleInit {
  private readonly handlers = new Map<QueueName, QueueMessageHandler>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: QueueHandlerMarker.KEY })) {
      const queue = this.discovery.getMetadataByDecorator(QueueHandlerMarker, wrapper);
      const name = wrapper.metatype?.name ?? String(wrapper.token);
      if (!queue) continue;
      if (!wrapper.isDependencyTreeStatic() || !wrapper.instance) {
        throw new Error(`@QueueHandler('${queue}') ${name} must be a singleton provider (no request scope): messages have no request`);
      }
      const existing = this.handlers.get(queue);
      if (existing && existing !== wrapper.instance) {
        throw new Error(`Two @QueueHandler('${queue}') providers: ${existing.constructor.name} and ${name}`);
      }
      if (!MODULE_REGISTRY.some((entry) => entry.consumes.includes(queue))) {
        throw new Error(`${name} handles '${queue}', but no module registry entry consumes it`);
      }
      this.handlers.set(queue, wrapper.instance as QueueMessageHandler);
    }
  }

  /** Whether this application has a handler for `queue` (its feature module is mounted). */
  has(queue: QueueName): boolean {
    return this.handlers.has(queue);
  }

  /** The handler of `queue`; throws when the module consuming it is not part of this application. */
  get<T = unknown>(queue: QueueName): QueueMessageHandler<T> {
    const handler = this.handlers.get(queue);
    if (!handler) throw new Error(`No @QueueHandler('${queue}') provider in this application`);
    return handler as QueueMessageHandler<T>;
  }

  /** Queues with a handler here, in the order their providers were registered. */
  queues(): QueueName[] {
    return [...this.handlers.keys()];
  }
}
