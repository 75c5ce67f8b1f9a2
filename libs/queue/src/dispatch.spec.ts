import { DomainError, ServiceUnavailableError, ValidationError } from '#switchboard/common';
import { dispatchQueueMessage } from './dispatch.js';
import { PoisonMessageError, type QueueMessage } from './queue-message.js';

const message: QueueMessage<{ a: number }> = { id: 'm-1', body: { a: 1 }, attributes: {}, receiveCount: 1 };
const failingWith = (err: unknown) => ({ handle: () => Promise.reject(err) });

describe('dispatchQueueMessage', () => {
  it('reports a handled message', async () => {
    const seen: QueueMessage<{ a: number }>[] = [];
    await expect(dispatchQueueMessage({ handle: async (m) => void seen.push(m) }, message)).resolves.toEqual({ kind: 'handled' });
    expect(seen).toEqual([message]);
  });

  it('retries unknown failures and unavailable or rate-limited domain errors', async () => {
    for (const err of [new Error('connection reset'), new ServiceUnavailableError(), new DomainError('X.SLOW', 'rate_limited', 'slow down')]) {
      await expect(dispatchQueueMessage(failingWith(err), message)).resolves.toEqual({ kind: 'retry', error: err });
    }
  });

  it('dead-letters poison messages with their reason', async () => {
    const err = new PoisonMessageError('unknown event type');
    await expect(dispatchQueueMessage(failingWith(err), message)).resolves.toEqual({ kind: 'dead-letter', reason: 'unknown event type', error: err });
  });

  it('dead-letters non-retryable domain errors with code and message', async () => {
    const err = new ValidationError([]);
    await expect(dispatchQueueMessage(failingWith(err), message)).resolves.toMatchObject({
      kind: 'dead-letter',
      reason: 'VALIDATION: The request is not valid.',
    });
    const conflict = new DomainError('CALL.CONFLICT', 'conflict', 'already ended');
    await expect(dispatchQueueMessage(failingWith(conflict), message)).resolves.toMatchObject({ kind: 'dead-letter', reason: 'CALL.CONFLICT: already ended' });
  });
});
