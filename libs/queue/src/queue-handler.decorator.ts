import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import type { QueueName } from '#switchboard/registry';

export const QUEUE_HANDLER = Symbol('switchboard:queue-handler');

/**
 * Marks a provider as the consumer of `queue`. The class implements
 * `QueueMessageHandler<T>` and is registered as a provider of its feature
 * module; the queue lib finds it, polls for it in the one-process server, and
 * a Lambda worker calls it through `QueueProcessor`.
 */
export function QueueHandler(queue: QueueName): ClassDecorator {
  return applyDecorators(SetMetadata(QUEUE_HANDLER, queue), Injectable());
}
