import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { TelephonyModule } from '#switchboard/calls';
import { QueueUrls, SqsConnection } from '#switchboard/queue';
import { startFeatureApp, type TestApp } from '../../support/test-app.js';
import { postEvent, WEBHOOK_SECRET } from '../calls/calls-harness.js';

// The `telephony` registry entry boots TelephonyModule alone (its own Lambda):
// no calls feature, no consumer; the event waits on call-events for the calls worker.
describe('TelephonyModule on its own', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startFeatureApp([TelephonyModule], {
      env: { TELEPHONY_WEBHOOK_SECRET: WEBHOOK_SECRET, SQS_ENDPOINT: undefined, QUEUE_NAME_PREFIX: `tel-alone-${randomUUID().slice(0, 8)}-` },
    });
  });
  afterAll(() => t?.close());

  it('verifies, enqueues the event as sent, and answers 202', async () => {
    const event = {
      eventId: randomUUID(),
      type: 'call.started',
      tenantId: 'acme',
      callId: 'CA-1',
      occurredAt: '2026-11-02T09:00:00Z',
      contactPhone: '+12025550123',
    };
    const res = await postEvent(t, event);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: true, eventId: event.eventId });

    const out = await t.app
      .get(SqsConnection)
      .client.send(new ReceiveMessageCommand({ QueueUrl: await t.app.get(QueueUrls).url('call-events'), WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }));
    expect(out.Messages).toHaveLength(1);
    expect(JSON.parse(out.Messages![0]!.Body!)).toEqual(event);
    expect(out.Messages![0]!.MessageAttributes?.['deduplication-id']?.StringValue).toBe(event.eventId);
  });

  it('serves no other route of the calls lib', async () => {
    expect((await fetch(`${t.url}/v1/calls`)).status).toBe(404);
  });
});
