import { Injectable, type Provider, Scope } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { QueueHandler } from './queue-handler.decorator.js';
import { QueueHandlerRegistry } from './queue-handler.registry.js';
import type { QueueMessageHandler } from './queue-message.js';

@QueueHandler('call-events')
class CallEventsProbe implements QueueMessageHandler {
  async handle(): Promise<void> {}
}

@QueueHandler('call-events')
class SecondCallEventsProbe implements QueueMessageHandler {
  async handle(): Promise<void> {}
}

/** Has the handler's shape but not the decorator: not a queue handler. */
@Injectable()
class Undecorated implements QueueMessageHandler {
  async handle(): Promise<void> {}
}

async function registryWith(...providers: Provider[]): Promise<QueueHandlerRegistry> {
  const moduleRef = await Test.createTestingModule({ imports: [DiscoveryModule], providers: [QueueHandlerRegistry, ...providers] }).compile();
  await moduleRef.init();
  return moduleRef.get(QueueHandlerRegistry);
}

describe('QueueHandlerRegistry', () => {
  it('finds the providers marked @QueueHandler through Nest discovery, and only those', async () => {
    const registry = await registryWith(CallEventsProbe, Undecorated);
    expect(registry.queues()).toEqual(['call-events']);
    expect(registry.get('call-events')).toBeInstanceOf(CallEventsProbe);
    expect(registry.has('contact-imports')).toBe(false);
    expect(() => registry.get('contact-imports')).toThrow(/No @QueueHandler\('contact-imports'\)/);
  });

  it('injects a marked class with no @Injectable of its own (as ContactImportsHandler is)', async () => {
    @QueueHandler('contact-imports')
    class WithDependency implements QueueMessageHandler {
      constructor(readonly dependency: Undecorated) {}
      async handle(): Promise<void> {}
    }
    const handler = (await registryWith(Undecorated, WithDependency)).get('contact-imports') as WithDependency;
    expect(handler.dependency).toBeInstanceOf(Undecorated);
  });

  it('refuses two handlers of one queue', async () => {
    await expect(registryWith(CallEventsProbe, SecondCallEventsProbe)).rejects.toThrow(
      "Two @QueueHandler('call-events') providers: CallEventsProbe and SecondCallEventsProbe",
    );
  });

  it('refuses a request-scoped handler: a message has no request', async () => {
    await expect(registryWith({ provide: CallEventsProbe, useClass: CallEventsProbe, scope: Scope.REQUEST })).rejects.toThrow(
      /CallEventsProbe must be a singleton provider/,
    );
  });
});
