import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { QueueProducer, QueueUrls, SqsConnection } from '#switchboard/queue';
import { type CallsHarness, deadLettered, drained, newTenant, startCallsHarness, waitFor } from '../calls/calls-harness.js';

const run = promisify(execFile);

describe('npm run queues:dlq', () => {
  let h: CallsHarness;
  const tenant = newTenant('dlq');
  const prefix = `dlq-${randomUUID().slice(0, 8)}-`;

  /** The operator's command, against the emulator the app under test uses. */
  const cli = async (...args: string[]) => {
    const env = { ...process.env, NODE_ENV: 'test', SQS_ENDPOINT: h.t.app.get(SqsConnection).endpoint!, QUEUE_NAME_PREFIX: prefix, LOG_LEVEL: 'silent' };
    const { stdout } = await run('npm', ['run', '-s', 'queues:dlq', '--', '--queue', 'call-events', ...args], { env });
    return stdout;
  };

  beforeAll(async () => {
    h = await startCallsHarness({ env: { QUEUE_NAME_PREFIX: prefix } });
  });
  afterAll(() => h?.close());

  it('lists dead letters with their reason and leaves them on the DLQ', async () => {
    const poison = { eventId: randomUUID(), type: 'call.exploded', tenantId: tenant };
    await h.t.app.get(QueueProducer).send('call-events', poison);
    await deadLettered(h.t, (m) => m.Body!.includes(poison.eventId));

    const first = await cli();
    expect(first).toContain(poison.eventId);
    expect(first).toMatch(/reason=invalid call event: .*type/);
    expect(first).toMatch(/1 dead letter\(s\) on /);
    // Listing twice sees the same message: it was released, not consumed.
    expect(await cli()).toMatch(/1 dead letter\(s\) on /);
  }, 60_000);

  it('redrives dead letters to their queue, where a fixed event is applied', async () => {
    const callId = `CA-${randomUUID()}`;
    const event = { eventId: randomUUID(), type: 'call.started', tenantId: tenant, callId, occurredAt: '2026-11-02T09:00:00Z', contactPhone: '+12025550111' };
    // As if it had failed until SQS gave up on it while the database was away.
    const dlqUrl = await h.t.app.get(QueueUrls).dlqUrl('call-events');
    await h.t.app.get(SqsConnection).client.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: JSON.stringify(event) }));

    const out = await cli('--redrive');
    expect(out).toContain(event.eventId);
    expect(out).toMatch(/reason=retries exhausted/);
    expect(out).toMatch(/2 dead letter\(s\) moved back to /);

    await waitFor(async () => (await h.sql.query('SELECT 1 FROM calls WHERE provider_call_id = $1', [callId])).rowCount === 1);
    await drained(h.t);
    // The poison message went back too, and straight back to the DLQ: it can never succeed.
    expect(await cli()).toMatch(/1 dead letter\(s\) on /);
  }, 60_000);
});
