import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { signTelephonyPayload } from '#switchboard/calls';
import { buildApp } from 'fauxqs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startTestIssuer, type TestIssuer } from '../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { describe as describeOutcome } from './support/http.js';
import { closedLoop } from './support/load.js';
import { startServer, type RunningServer } from './support/server.js';
import { waitFor } from './support/services.js';
import { recordScenario, type ScenarioRow } from './support/summary.js';
import { seedWorld, type World } from './support/world.js';
import { shuffle } from '../support/shuffle.js';

const CALLS = 1_250;
const EVENTS = CALLS * 4;
const SECRET = 'faults-webhook-secret';
const PREFIX = 'faults-consumer-';
/** Messages a killed consumer held come back this soon. */
const VISIBILITY_TIMEOUT_SECONDS = 5;

describe('the call-events consumer SIGKILLed mid-batch with 5,000 events queued', () => {
  const row: ScenarioRow = { scenario: 'consumer SIGKILLed mid-batch, 5,000 events', requests: 0, failures: 0, lostWrites: 0 };
  const emulator = buildApp({ logger: false });
  let sqs: SQSClient;
  let issuer: TestIssuer;
  let db: TestDatabase;
  let sql: pg.Client;
  let api: RunningServer;
  let consumer: RunningServer | undefined;
  let env: Record<string, string>;
  let world: World;

  beforeAll(async () => {
    // One SQS endpoint shared by every process, as in a deployment.
    const endpoint = await emulator.listen({ host: '127.0.0.1', port: 0 });
    sqs = new SQSClient({ endpoint, region: 'us-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    issuer = await startTestIssuer();
    db = await createTestDatabase();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    env = {
      ...issuer.env,
      DATABASE_URL: db.url,
      SQS_ENDPOINT: endpoint,
      QUEUES_CREATE: 'true',
      QUEUE_NAME_PREFIX: PREFIX,
      QUEUE_VISIBILITY_TIMEOUT_SECONDS: String(VISIBILITY_TIMEOUT_SECONDS),
      TELEPHONY_WEBHOOK_SECRET: SECRET,
    };
    // The webhook side only: nothing consumes until the consumer starts.
    api = await startServer({ ...env, QUEUE_CONSUMERS_ENABLED: 'false' });
    world = await seedWorld(api.url, issuer, 'consumer-kill', 50, 0, false);
  });

  afterAll(async () => {
    recordScenario(row);
    await consumer?.stop();
    await api?.stop();
    await sql?.end();
    await db?.drop();
    await issuer?.close();
    sqs?.destroy();
    await emulator.close();
  });

  const queueUrl = async (name: string) => (await sqs.send(new GetQueueUrlCommand({ QueueName: `${PREFIX}${name}` }))).QueueUrl!;
  async function depth(name: string): Promise<{ visible: number; inFlight: number }> {
    const out = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: await queueUrl(name),
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return { visible: Number(out.Attributes?.ApproximateNumberOfMessages ?? 0), inFlight: Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) };
  }
  const applied = async () => (await sql.query('SELECT count(*)::int AS n FROM call_events')).rows[0].n as number;
  const startConsumer = () => startServer({ ...env, QUEUE_CONSUMERS_ENABLED: 'true' });

  it('applies all 5,000 after a restart, each exactly once in effect', async () => {
    const known = world.contactIds;
    const { rows: phoneRows } = await sql.query('SELECT id, phone FROM contacts WHERE id = ANY($1::uuid[])', [known]);
    const phones = known.map((id) => phoneRows.find((r) => r.id === id)!.phone as string);
    const events = shuffle(
      Array.from({ length: CALLS }, (_, i) => {
        const base = {
          tenantId: world.tenant,
          callId: `CA-kill-${i}`,
          contactPhone: i < known.length ? phones[i]! : `+1404555${String(i).padStart(4, '0')}`,
          agentSub: `${world.tenant}|agent`,
          ...(i < known.length ? { campaignId: world.campaignId } : {}),
        };
        const minute = String(i % 60).padStart(2, '0');
        return [
          { ...base, eventId: randomUUID(), type: 'call.started', occurredAt: `2026-11-02T10:${minute}:00Z` },
          { ...base, eventId: randomUUID(), type: 'call.answered', occurredAt: `2026-11-02T10:${minute}:05Z` },
          { ...base, eventId: randomUUID(), type: 'call.ended', occurredAt: `2026-11-02T10:${minute}:45Z`, disposition: i % 2 ? 'sale' : 'voicemail' },
          {
            ...base,
            eventId: randomUUID(),
            type: 'recording.ready',
            occurredAt: `2026-11-02T10:${minute}:50Z`,
            recordingUrl: `https://rec.example.com/${i}.mp3`,
          },
        ];
      }).flat(),
      10,
    );

    // 5,000 events through the signed webhook, all queued before anything consumes.
    const failures: string[] = [];
    await closedLoop({
      baseUrl: api.url,
      clients: 16,
      count: events.length,
      next: (i) => {
        const body = JSON.stringify(events[i]);
        const signature = signTelephonyPayload(SECRET, body, Date.now() / 1000);
        return {
          op: 'webhook',
          method: 'POST',
          path: '/v1/telephony/events',
          headers: { 'content-type': 'application/json', 'x-switchboard-signature': signature },
          body,
        };
      },
      onResult: ({ request, outcome }) => {
        row.requests += 1;
        if (outcome.status !== 202) {
          row.failures += 1;
          if (failures.length < 10) failures.push(describeOutcome(request, outcome));
        }
      },
    });
    expect(failures).toEqual([]);
    expect(await depth('call-events')).toEqual({ visible: EVENTS, inFlight: 0 });

    // The consumer dies by SIGKILL while a batch is being handled: no shutdown hook
    // runs. A kill that lands between two batches holds nothing; try again, up to 5 kills.
    let held = { visible: 0, inFlight: 0 };
    let kills = 0;
    while (held.inFlight === 0 && kills < 5) {
      consumer = await startConsumer();
      const target = (await applied()) + EVENTS / 10;
      await waitFor('the consumer to apply another tenth of the events', async () => (await applied()) >= target, 120_000, 5);
      await consumer.signal('SIGKILL');
      await consumer.stop();
      kills += 1;
      held = await depth('call-events');
    }
    const atKill = await applied();
    console.log(
      `consumer SIGKILLed ${kills}×; at the last kill ${atKill} of ${EVENTS} events applied, ${held.inFlight} received and not deleted, ${held.visible} waiting`,
    );
    expect(held.inFlight).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(EVENTS);

    consumer = await startConsumer();
    await waitFor(
      'every event to be applied and deleted',
      async () => {
        const left = await depth('call-events');
        return left.visible + left.inFlight === 0 && (await applied()) === EVENTS;
      },
      180_000,
      250,
    );

    const {
      rows: [calls],
    } = await sql.query(
      `SELECT count(*)::int AS calls,
              count(*) FILTER (WHERE version = 4)::int AS once,
              count(*) FILTER (WHERE started_at IS NOT NULL AND answered_at IS NOT NULL AND ended_at IS NOT NULL
                               AND disposition IS NOT NULL AND recording_url IS NOT NULL AND agent_id IS NOT NULL)::int AS complete,
              count(contact_id)::int AS linked
       FROM calls WHERE provider_call_id LIKE 'CA-kill-%'`,
    );
    const {
      rows: [events_],
    } = await sql.query('SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct_ids FROM call_events');
    const {
      rows: [settled],
    } = await sql.query(`SELECT count(*)::int AS n FROM campaign_contacts WHERE campaign_id = $1 AND state = 'done'`, [world.campaignId]);
    const dlq = await depth('call-events-dlq');
    // Lost: acknowledged and never applied; applied twice shows as a version past 4 (one insert, three merges).
    row.lostWrites = EVENTS - events_.distinct_ids + (calls.calls - calls.once);

    expect(events_).toEqual({ n: EVENTS, distinct_ids: EVENTS });
    expect(calls).toEqual({ calls: CALLS, once: CALLS, complete: CALLS, linked: known.length });
    // The seeded call settled one contact already; the events settle every one of them once.
    expect(settled.n).toBe(known.length);
    expect(dlq).toEqual({ visible: 0, inFlight: 0 });
    row.passed = true;
  }, 300_000);
});
