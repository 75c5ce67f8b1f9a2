import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';
import { QueueConsumers } from '#switchboard/queue';
import { startFeatureApp, type TestApp } from '../../support/test-app.js';
import { ProbeModule, probeLog, waitFor, type ProbeBody } from './queue-test-kit.js';

/**
 * The emulator runs outside the app here (as ElasticMQ does in docker-compose,
 * with QUEUES_CREATE=true), so the queue can be inspected after the app has stopped.
 */
describe('graceful stop of the queue consumers', () => {
  const emulator = buildApp({ logger: false });
  let sqs: SQSClient;
  let queueUrl: string;
  let t: TestApp;

  const visibleAndInFlight = async () => {
    const out = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return [Number(out.Attributes!.ApproximateNumberOfMessages), Number(out.Attributes!.ApproximateNumberOfMessagesNotVisible)];
  };

  beforeAll(async () => {
    const endpoint = await emulator.listen({ host: '127.0.0.1', port: 0 });
    sqs = new SQSClient({ endpoint, region: 'us-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    t = await startFeatureApp([ProbeModule], {
      env: { SQS_ENDPOINT: endpoint, QUEUES_CREATE: 'true', QUEUE_NAME_PREFIX: 'stop-test-', QUEUE_VISIBILITY_TIMEOUT_SECONDS: '30' },
    });
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'stop-test-call-events' }))).QueueUrl!;
  });
  afterAll(async () => {
    sqs?.destroy();
    await emulator.close();
  });

  it('stops polling, lets the message in flight finish and deletes it, then closes', async () => {
    const body: ProbeBody = { n: 1000, mode: 'block' };
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(body) }));
    await waitFor(() => probeLog.deliveriesOf(1000).length === 1);

    const events: string[] = [];
    const closed = t.close().then(() => events.push('closed'));
    // Polling stops at once: a message sent now stays on the queue.
    const consumers = t.app.get(QueueConsumers);
    expect(consumers.polling).toBe(true);
    await waitFor(() => !consumers.polling);
    expect(consumers.inFlightCount).toBe(1);
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ n: 1001, mode: 'ok' } satisfies ProbeBody) }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual([]);

    events.push('released');
    probeLog.open(1000);
    await closed;

    expect(events).toEqual(['released', 'closed']);
    expect(probeLog.handled).toContain(1000);
    expect(probeLog.deliveriesOf(1001)).toHaveLength(0);
    // The finished message was deleted; the late one waits, visible, for the next consumer.
    expect(await visibleAndInFlight()).toEqual([1, 0]);
  });
});
