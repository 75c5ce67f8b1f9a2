import { applyDecorators, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { QueueName } from '#switchboard/registry';

/**
 * Nest's discoverable marker behind `@QueueHandler`: it records the queue on the
 * class and lets `DiscoveryService.getProviders({ metadataKey })` list the
 * providers carrying it, without scanning every provider of the application.
 */
export const QueueHandlerMarker = DiscoveryService.createDecorator<QueueName>();

/**
 * Marks a provider as the consumer of `queue`. The class implements
 * `QueueMessageHandler<T>` and is registered as a provider of its feature
 * module; the queue lib discovers it, polls for it in the one-process server,
 * and a Lambda worker calls it through `QueueProcessor`.
 */
export function QueueHandler(queue: QueueName): ClassDecorator {
  return applyDecorators(QueueHandlerMarker(queue), Injectable());
}
