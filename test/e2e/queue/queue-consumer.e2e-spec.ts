import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { QueueProducer, SqsConnection } from '#switchboard/queue';
import { startFeatureApp, type TestApp } from '../../support/test-app.js';
import { depth, ProbeModule, probeLog, receiveMatching, urls, waitFor, type ProbeBody } from './queue-test-kit.js';

describe('queue consumers on the embedded SQS emulator', () => {
  let t: TestApp;
  let queueUrl: string;
  let dlqUrl: string;
  let n = 0;

  beforeAll(async () => {
    t = await startFeatureApp([ProbeModule], {
      env: { SQS_ENDPOINT: undefined, QUEUE_VISIBILITY_TIMEOUT_SECONDS: '1', QUEUE_MAX_RECEIVE_COUNT: '2', QUEUE_NAME_PREFIX: 'consumer-test-' },
    });
    [queueUrl, dlqUrl] = await urls(t.app, 'call-events');
  });
  afterAll(() => t?.close());

  const send = async (mode: ProbeBody['mode']) => {
    const body: ProbeBody = { n: ++n, mode };
    await t.app.get(QueueProducer).send('call-events', body, { deduplicationId: `probe-${body.n}` });
    return body.n;
  };

  it('creates each queue with a DLQ under the configured prefix', () => {
    expect(queueUrl).toMatch(/\/consumer-test-call-events$/);
    expect(dlqUrl).toMatch(/\/consumer-test-call-events-dlq$/);
  });

  it('consumes a message, hands the handler its parsed body and attributes, and deletes it', async () => {
    const id = await send('ok');
    await waitFor(() => probeLog.handled.includes(id));
    const [delivery] = probeLog.deliveriesOf(id);
    expect(delivery.body).toEqual({ n: id, mode: 'ok' });
    expect(delivery.attributes['deduplication-id']).toBe(`probe-${id}`);
    expect(delivery.receiveCount).toBe(1);
    await waitFor(async () => (await depth(t.app, queueUrl)) === 0);
    // Deleted, not dead-lettered by SQS after a second delivery (which also empties the queue).
    expect(probeLog.deliveriesOf(id)).toHaveLength(1);
  });

  it('redelivers a message whose handler failed once, after the visibility timeout', async () => {
    const id = await send('fail-once');
    await waitFor(() => probeLog.handled.includes(id));
    expect(probeLog.deliveriesOf(id).map((d) => d.receiveCount)).toEqual([1, 2]);
    await waitFor(async () => (await depth(t.app, queueUrl)) === 0);
  });

  it('lets SQS dead-letter a message that keeps failing after maxReceiveCount deliveries', async () => {
    const id = await send('fail');
    const dead = await receiveMatching(t.app, dlqUrl, (m) => (JSON.parse(m.Body!) as ProbeBody).n === id);
    expect(JSON.parse(dead.Body!)).toEqual({ n: id, mode: 'fail' });
    expect(probeLog.deliveriesOf(id).map((d) => d.receiveCount)).toEqual([1, 2]);
    expect(probeLog.handled).not.toContain(id);
  });

  it('dead-letters a poison message at once, with the reason', async () => {
    const id = await send('poison');
    const dead = await receiveMatching(t.app, dlqUrl, (m) => (JSON.parse(m.Body!) as ProbeBody).n === id);
    expect(dead.MessageAttributes?.['dead-letter-reason']?.StringValue).toBe('unknown event type');
    expect(dead.MessageAttributes?.['source-queue']?.StringValue).toBe('call-events');
    expect(dead.MessageAttributes?.['deduplication-id']?.StringValue).toBe(`probe-${id}`);
    // The original is deleted once copied: never delivered again.
    await waitFor(async () => (await depth(t.app, queueUrl)) === 0);
    expect(probeLog.deliveriesOf(id)).toHaveLength(1);
  });

  it('dead-letters at once on a non-retryable domain error, keeping its code as the reason', async () => {
    const id = await send('invalid');
    const dead = await receiveMatching(t.app, dlqUrl, (m) => (JSON.parse(m.Body!) as ProbeBody).n === id);
    expect(dead.MessageAttributes?.['dead-letter-reason']?.StringValue).toMatch(/^VALIDATION: /);
    expect(probeLog.deliveriesOf(id)).toHaveLength(1);
  });

  it('retries a retryable domain error (unavailable) instead of dead-lettering it', async () => {
    const id = await send('unavailable');
    await receiveMatching(t.app, dlqUrl, (m) => (JSON.parse(m.Body!) as ProbeBody).n === id);
    expect(probeLog.deliveriesOf(id).map((d) => d.receiveCount)).toEqual([1, 2]);
  });

  it('dead-letters a body that is not JSON without calling the handler', async () => {
    const before = probeLog.deliveries.length;
    await t.app.get(SqsConnection).client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'not json {' }));
    const dead = await receiveMatching(t.app, dlqUrl, (m) => m.Body === 'not json {');
    expect(dead.MessageAttributes?.['dead-letter-reason']?.StringValue).toMatch(/^MALFORMED_BODY/);
    expect(probeLog.deliveries.length).toBe(before);
  });
});
