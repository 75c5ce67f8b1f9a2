import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import {
  processSqsEvent,
  QueueConsumers,
  QueueHandlerRegistry,
  QueueProcessor,
  QueueProducer,
  SqsConnection,
  type SqsEventRecordLike,
} from '#switchboard/queue';
import { startFeatureApp, type TestApp } from '../../support/test-app.js';
import { ProbeHandler, ProbeModule, probeLog, receiveMatching, urls, waitFor, type ProbeBody } from './queue-test-kit.js';

/** The Lambda topology: no pollers; SQS events go through the same handler classes. */
describe('queue handlers under SQS events (QUEUE_CONSUMERS_ENABLED=false)', () => {
  let t: TestApp;
  let queueUrl: string;
  let dlqUrl: string;

  beforeAll(async () => {
    t = await startFeatureApp([ProbeModule], { env: { QUEUE_CONSUMERS_ENABLED: 'false', QUEUE_NAME_PREFIX: 'worker-test-' } });
    [queueUrl, dlqUrl] = await urls(t.app, 'call-events');
  });
  afterAll(() => t?.close());

  /** Receives what was sent and shapes it as the Lambda SQS event source would. */
  async function eventOf(count: number): Promise<{ Records: SqsEventRecordLike[] }> {
    const sqs = t.app.get(SqsConnection).client;
    const records: SqsEventRecordLike[] = [];
    await waitFor(async () => {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          MessageAttributeNames: ['All'],
        }),
      );
      for (const m of out.Messages ?? []) {
        records.push({
          messageId: m.MessageId!,
          body: m.Body!,
          receiptHandle: m.ReceiptHandle,
          attributes: { ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1' },
          messageAttributes: Object.fromEntries(
            Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, { stringValue: v.StringValue, dataType: 'String' }]),
          ),
        });
      }
      return records.length >= count;
    });
    return { Records: records };
  }

  it('finds the @QueueHandler provider of a queue, and only of queues whose module is mounted', () => {
    const registry = t.app.get(QueueHandlerRegistry);
    expect(registry.get('call-events')).toBeInstanceOf(ProbeHandler);
    expect(registry.has('contact-imports')).toBe(false);
    expect(() => registry.get('contact-imports')).toThrow(/No @QueueHandler\('contact-imports'\)/);
  });

  it('does not poll', () => {
    expect(t.app.get(QueueConsumers).polling).toBe(false);
  });

  it('reports only retryable failures as batch item failures, and dead-letters poison at once', async () => {
    const producer = t.app.get(QueueProducer);
    await producer.sendBatch('call-events', [
      { n: 2001, mode: 'ok' },
      { n: 2002, mode: 'fail' },
      { n: 2003, mode: 'poison' },
    ] satisfies ProbeBody[]);
    const event = await eventOf(3);
    const idOf = (n: number) => event.Records.find((r) => (JSON.parse(r.body) as ProbeBody).n === n)!.messageId;

    const response = await processSqsEvent(t.app.get(QueueProcessor), 'call-events', event);

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: idOf(2002) }]);
    expect(probeLog.handled).toContain(2001);
    const dead = await receiveMatching(t.app, dlqUrl, (m) => (JSON.parse(m.Body!) as ProbeBody).n === 2003);
    expect(dead.MessageAttributes?.['dead-letter-reason']?.StringValue).toBe('unknown event type');
  });

  it('sends batches in chunks of at most ten messages', async () => {
    const bodies = Array.from({ length: 23 }, (_, i): ProbeBody => ({ n: 3000 + i, mode: 'ok' }));
    await t.app.get(QueueProducer).sendBatch('call-events', bodies);
    const event = await eventOf(23);
    expect(event.Records.map((r) => (JSON.parse(r.body) as ProbeBody).n).sort()).toEqual(bodies.map((b) => b.n));
  });
});
