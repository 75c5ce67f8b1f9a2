import { DomainError, isRetryable } from '#switchboard/common';
import { PoisonMessageError, type QueueMessage, type QueueMessageHandler } from './queue-message.js';

/** What became of one delivery. */
export type QueueOutcome = { kind: 'handled' } | { kind: 'retry'; error: unknown } | { kind: 'dead-letter'; reason: string; error: unknown };

/**
 * Runs one handler on one message and classifies the result, independent of
 * the transport: the poller and the Lambda worker both act on the outcome.
 */
export async function dispatchQueueMessage<T>(handler: QueueMessageHandler<T>, message: QueueMessage<T>): Promise<QueueOutcome> {
  try {
    await handler.handle(message);
    return { kind: 'handled' };
  } catch (error) {
    if (error instanceof PoisonMessageError) return { kind: 'dead-letter', reason: error.reason, error };
    if (!isRetryable(error)) return { kind: 'dead-letter', reason: describeFailure(error), error };
    return { kind: 'retry', error };
  }
}

/** A one-line reason for the DLQ: a domain error's code and message, else the error's message. */
export function describeFailure(error: unknown): string {
  if (error instanceof DomainError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
