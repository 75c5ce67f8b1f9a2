import { signTelephonyPayload } from '#switchboard/calls';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startTestIssuer, type TestIssuer } from '../support/auth.js';
import { describe as describeOutcome, fieldsOf, json, type Outcome, problemViolation, send, stringField } from './support/http.js';
import { closedLoop, type LoadResult, statusCounts } from './support/load.js';
import { assertAlive, startServer, type RunningServer } from './support/server.js';
import { PrivatePostgres, sleep, waitFor } from './support/services.js';
import { recordScenario, type ScenarioRow } from './support/summary.js';
import { phone, seedWorld, type World } from './support/world.js';

const CLIENTS = 8;
const OUTAGE_MS = 10_000;
/** An answer slower than this is a hang: far above the connect timeout the server is given. */
const HANG_MS = 5_000;
const CONNECT_TIMEOUT_MS = 2_000;
/** How soon /health/ready must say 200 once Postgres accepts connections again. */
const READY_WITHIN_MS = 5_000;
const SECRET = 'faults-webhook-secret';
/** Short enough that events failed during the outage come back soon, long enough not to reach the DLQ (5 receives). */
const VISIBILITY_TIMEOUT_SECONDS = 4;

describe('Postgres stopped for 10 s under a write load', () => {
  const row: ScenarioRow = { scenario: 'Postgres stopped 10 s under write load', requests: 0, failures: 0, lostWrites: 0 };
  let postgres: PrivatePostgres;
  let databaseUrl: string;
  let issuer: TestIssuer;
  let server: RunningServer;
  let world: World;

  beforeAll(async () => {
    postgres = await PrivatePostgres.start();
    databaseUrl = await postgres.createDatabase('switchboard');
    issuer = await startTestIssuer();
    server = await startServer({
      ...issuer.env,
      DATABASE_URL: databaseUrl,
      DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      TELEPHONY_WEBHOOK_SECRET: SECRET,
      QUEUE_VISIBILITY_TIMEOUT_SECONDS: String(VISIBILITY_TIMEOUT_SECONDS),
    });
    world = await seedWorld(server.url, issuer, 'pg-outage', 3);
  });

  afterAll(async () => {
    recordScenario(row);
    await server?.stop();
    await postgres?.destroy();
    await issuer?.close();
  });

  it('answers fast 503 problem details with Retry-After meanwhile, is ready again within 5 s, and keeps every acknowledged write', async () => {
    const failures: string[] = [];
    const fail = (what: string) => {
      row.failures += 1;
      if (failures.length < 15) failures.push(what);
    };
    const unavailable = (o: Outcome) => {
      const retryAfter = Number(o.headers.get('retry-after'));
      return o.status === 503 && !problemViolation(o) && fieldsOf(o).code === 'SERVICE_UNAVAILABLE' && Number.isInteger(retryAfter) && retryAfter >= 1;
    };

    let stop = false;
    let phones = 1000;
    const created: string[] = [];
    const accepted: string[] = [];
    // Contacts written through the API, and call events through the webhook (queued: 202 even
    // while Postgres is away, applied by the consumer once it is back).
    const event = (i: number) => {
      const body = JSON.stringify({
        eventId: randomUUID(),
        type: 'call.started',
        tenantId: world.tenant,
        callId: `CA-outage-${i}`,
        occurredAt: '2026-11-02T10:00:00Z',
        contactPhone: '+14045550100',
      });
      const headers = { 'content-type': 'application/json', 'x-switchboard-signature': signTelephonyPayload(SECRET, body, Date.now() / 1000) };
      return { op: 'webhook', method: 'POST', path: '/v1/telephony/events', headers, body, timeoutMs: HANG_MS };
    };
    const load = closedLoop({
      baseUrl: server.url,
      clients: CLIENTS,
      count: 50_000,
      stop: () => stop,
      next: (i) =>
        i % 4 === 3
          ? event(i)
          : { op: 'create contact', ...json('POST', '/v1/contacts', world.agent, { name: 'Outage', phone: phone(phones++) }), timeoutMs: HANG_MS },
      onResult: ({ request, outcome }: LoadResult) => {
        row.requests += 1;
        if (outcome.status === 201) created.push(stringField(outcome, 'id'));
        else if (outcome.status === 202) accepted.push(stringField(outcome, 'eventId'));
        else if (!unavailable(outcome)) fail(describeOutcome(request, outcome));
      },
    });

    await sleep(2_000);
    await postgres.stop();
    const down = Date.now();
    const readiness: Outcome[] = [];
    while (Date.now() - down < OUTAGE_MS) {
      readiness.push(await send(server.url, { method: 'GET', path: '/health/ready', timeoutMs: HANG_MS }));
      row.requests += 1;
      await sleep(500);
    }
    const during = statusCounts(readiness);

    await postgres.start();
    const back = Date.now();
    await waitFor(
      '/health/ready to answer 200',
      async () => {
        row.requests += 1;
        return (await send(server.url, { method: 'GET', path: '/health/ready', timeoutMs: HANG_MS })).status === 200;
      },
      30_000,
      100,
    );
    const readyAfterMs = Date.now() - back;
    const answeredBeforeReturn = created.length;
    await sleep(2_000);
    stop = true;
    const results = await load;
    if (failures.length) console.log(`first failures:\n${failures.join('\n')}`);
    assertAlive(server);

    const sql = new pg.Client({ connectionString: databaseUrl });
    await sql.connect();
    const { rows } = await sql.query('SELECT count(*)::int AS n FROM contacts WHERE id = ANY($1::uuid[])', [created]);
    // Events that failed while Postgres was away are redelivered after the visibility timeout.
    const applied = async () => (await sql.query('SELECT count(*)::int AS n FROM call_events WHERE event_id = ANY($1)', [accepted])).rows[0].n as number;
    await waitFor('the queued call events to be applied', async () => (await applied()) === accepted.length, 6 * VISIBILITY_TIMEOUT_SECONDS * 1000, 250).catch(
      () => undefined,
    );
    row.lostWrites = created.length - (rows[0].n as number) + accepted.length - (await applied());
    await sql.end();

    const answers = results.filter((r) => r.outcome.status === 503);
    console.log(
      `Postgres outage: ${results.length} writes ${JSON.stringify(statusCounts(results.map((r) => r.outcome)))} (${accepted.length} call events queued), slowest 503 ${Math.round(Math.max(0, ...answers.map((r) => r.outcome.ms)))} ms; ` +
        `/health/ready during ${JSON.stringify(during)}, 200 ${readyAfterMs} ms after Postgres returned`,
    );
    expect(failures).toEqual([]);
    for (const outcome of readiness) expect(unavailable(outcome)).toBe(true);
    expect(answers.length).toBeGreaterThan(0);
    expect(readyAfterMs).toBeLessThanOrEqual(READY_WITHIN_MS);
    expect(created.length).toBeGreaterThan(answeredBeforeReturn);
    expect(row.lostWrites).toBe(0);
    row.passed = true;
  });
});
