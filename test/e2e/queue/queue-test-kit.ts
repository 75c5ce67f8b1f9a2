import { GetQueueAttributesCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { Module } from '@nestjs/common';
import { DomainError, ValidationError } from '#switchboard/common';
import { PoisonMessageError, QueueHandler, QueueModule, SqsConnection, QueueUrls, type QueueMessage, type QueueMessageHandler } from '#switchboard/queue';
import type { QueueName } from '#switchboard/registry';
import type { INestApplication } from '@nestjs/common';

/** How the probe handler treats a message: its body says. */
export interface ProbeBody {
  n: number;
  mode: 'ok' | 'fail-once' | 'fail' | 'poison' | 'invalid' | 'unavailable' | 'block';
}

/** Deliveries seen by the probe handler, and gates for messages that block. */
export class ProbeLog {
  readonly deliveries: QueueMessage<ProbeBody>[] = [];
  readonly handled: number[] = [];
  private readonly gates = new Map<number, () => void>();

  open(n: number): void {
    this.gates.get(n)?.();
  }

  wait(n: number): Promise<void> {
    return new Promise((resolve) => this.gates.set(n, resolve));
  }

  deliveriesOf(n: number): QueueMessage<ProbeBody>[] {
    return this.deliveries.filter((d) => d.body.n === n);
  }
}

export const probeLog = new ProbeLog();

@QueueHandler('call-events')
export class ProbeHandler implements QueueMessageHandler<ProbeBody> {
  async handle(message: QueueMessage<ProbeBody>): Promise<void> {
    probeLog.deliveries.push(message);
    const { n, mode } = message.body;
    if (mode === 'fail-once' && message.receiveCount === 1) throw new Error('transient failure');
    if (mode === 'fail') throw new Error('always fails');
    if (mode === 'unavailable') throw new DomainError('DB.DOWN', 'unavailable', 'database unavailable');
    if (mode === 'poison') throw new PoisonMessageError('unknown event type');
    if (mode === 'invalid') throw new ValidationError([{ field: 'phone', code: 'INVALID', message: 'not a phone number' }]);
    if (mode === 'block') await probeLog.wait(n);
    probeLog.handled.push(n);
  }
}

@Module({ imports: [QueueModule.forFeature()], providers: [ProbeHandler] })
export class ProbeModule {}

/** Polls `check` until it returns a value other than undefined/false (the Jest timeout bounds it). */
export async function waitFor<T>(check: () => T | Promise<T>, pauseMs = 25): Promise<NonNullable<T>> {
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value as NonNullable<T>;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

/** Messages visible plus in flight on a queue, as SQS reports them. */
export async function depth(app: INestApplication, url: string): Promise<number> {
  const sqs = app.get(SqsConnection);
  const out = await sqs.client.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

/** Receives from a queue (the DLQ in tests) until a message matching `match` arrives; deletes nothing. */
export async function receiveMatching(app: INestApplication, url: string, match: (m: Message) => boolean): Promise<Message> {
  const sqs = app.get(SqsConnection);
  return waitFor(async () => {
    const out = await sqs.client.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 0, MessageAttributeNames: ['All'] }),
    );
    return (out.Messages ?? []).find(match);
  });
}

export function urls(app: INestApplication, queue: QueueName): Promise<[string, string]> {
  const u = app.get(QueueUrls);
  return Promise.all([u.url(queue), u.dlqUrl(queue)]);
}
