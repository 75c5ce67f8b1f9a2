import { SETTINGS } from '#switchboard/config';
import { signTelephonyPayload } from '#switchboard/calls';
import { randomUUID } from 'node:crypto';
import { startTestIssuer, type TestIssuer } from '../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { describe as describeOutcome, fieldsOf, json, type Outcome, type RequestSpec, send } from './support/http.js';
import { assertAlive, type RunningServer, startServer } from './support/server.js';
import { freePort, PrivatePostgres, waitFor } from './support/services.js';
import { recordScenario, type ScenarioRow } from './support/summary.js';

const PHONE = '+14045550188';
const EMAIL = 'grace.hopper.privacy@example.org';
const SECRET = 'privacy-webhook-secret';
/** What a searched phone or e-mail would look like in a log line, encoded or not. */
const PERSONAL = /4045550188|grace\.hopper|example\.org/;
/** Driver and SDK error text: addresses, ports, errno names, pg and socket messages. */
const ERROR_TEXT = /ECONN|ETIMEDOUT|EPIPE|127\.0\.0\.1|:\d{4,5}\b|connect |terminat|socket|getaddrinfo|fetch failed|timeout of/i;

/**
 * Issue 20, item 8: nothing private leaks. A production server's request log
 * holds no searched phone or e-mail, and /metrics and /docs are not there by
 * default; a server whose database and queue are gone says which is down in
 * words, keeping the driver's and the SDK's text for its log; a rejected
 * setting is printed without its password.
 */
describe('nothing private leaks', () => {
  const row: ScenarioRow = {
    scenario: 'Privacy: search log, 503 bodies, /metrics and /docs in production, config errors',
    requests: 0,
    failures: 0,
    lostWrites: 0,
  };
  const problems: string[] = [];
  let issuer: TestIssuer;
  let db: TestDatabase;
  let postgres: PrivatePostgres;
  let production: RunningServer;
  let outage: RunningServer;

  /** Sends, counts, and notes a broken rule (`ok` false) with the request and its answer. */
  const check = async (server: RunningServer, spec: RequestSpec, ok: (o: Outcome) => boolean): Promise<Outcome> => {
    const outcome = await send(server.url, spec);
    row.requests += 1;
    if (!ok(outcome)) {
      row.failures += 1;
      problems.push(describeOutcome(spec, outcome));
    }
    return outcome;
  };

  beforeAll(async () => {
    issuer = await startTestIssuer();
    db = await createTestDatabase();
    postgres = await PrivatePostgres.start();
    const required = Object.entries(SETTINGS).flatMap(([key, spec]) => ('optional' in spec && spec.optional ? [] : [[key, spec.example]]));
    production = await startServer({
      ...Object.fromEntries(required),
      ...issuer.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      DATABASE_URL: db.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUES_CREATE: 'false',
      QUEUE_CONSUMERS_ENABLED: 'false',
      TELEPHONY_WEBHOOK_SECRET: SECRET,
    });
    outage = await startServer({
      ...issuer.env,
      LOG_LEVEL: 'info',
      DATABASE_URL: await postgres.createDatabase('switchboard'),
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
      // SQS on a port nobody listens on: every send and the readiness check fail.
      SQS_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
      QUEUES_CREATE: 'false',
      QUEUE_CONSUMERS_ENABLED: 'false',
      TELEPHONY_WEBHOOK_SECRET: SECRET,
    });
  }, 120_000);

  afterAll(async () => {
    row.passed = row.failures === 0 && problems.length === 0;
    recordScenario(row);
    await production?.stop();
    await outage?.stop();
    await postgres?.destroy();
    await db?.drop();
    await issuer?.close();
  });

  it('logs contact searches by path and non-personal parameters only (production server)', async () => {
    const token = await issuer.token({ tenant: 'privacy', role: 'admin', sub: 'privacy|admin' });
    await check(production, json('POST', '/v1/contacts', token, { name: 'Grace Hopper', phone: PHONE, email: EMAIL }), (o) => o.status === 201);
    const searches = [
      `/v1/contacts?q=${encodeURIComponent(PHONE)}`,
      `/v1/contacts?q=${encodeURIComponent(EMAIL)}&limit=5`,
      `/v1/contacts?q=${PHONE.slice(1)}&status=active`,
      `/v1/contacts?email=${encodeURIComponent(EMAIL)}&phone=${encodeURIComponent(PHONE)}`,
      `/v1/contacts?${encodeURIComponent(EMAIL)}`,
    ];
    for (const path of searches) await check(production, json('GET', path, token), (o) => o.status === 200 || o.status === 400);
    // The request log is written when each response is done.
    const logged = await waitFor('the request log of the searches', () => {
      const lines = production
        .output()
        .split('\n')
        .filter((l) => l.includes('"request completed"') && l.includes('/v1/contacts'));
      return lines.length >= searches.length + 1 ? lines : undefined;
    });
    assertAlive(production);
    const leaks = production
      .output()
      .split('\n')
      .filter((l) => PERSONAL.test(l));
    console.log(`privacy: ${logged.length} request lines for /v1/contacts, ${leaks.length} log lines with the phone or e-mail`);
    row.failures += leaks.length;
    problems.push(...leaks.map((l) => `logged: ${l.slice(0, 300)}`));
    expect(leaks).toEqual([]);
    expect(logged.some((l) => l.includes('"url":"/v1/contacts?q=[redacted]&limit=5"'))).toBe(true);
  });

  it('answers 404 at /metrics, /docs and /docs-json in production by default', async () => {
    for (const path of ['/metrics', '/docs', '/docs/', '/docs-json']) {
      await check(production, { method: 'GET', path }, (o) => o.status === 404 && fieldsOf(o).detail === `Cannot GET ${path}` && !o.text.includes('# TYPE'));
    }
    await check(production, { method: 'GET', path: '/health/live' }, (o) => o.status === 200);
    expect(problems).toEqual([]);
  });

  it('prints a rejected setting without its password when start-up refuses it', async () => {
    const attempts: Record<string, string>[] = [
      { DATABASE_URL: 'mysql://switchboard:hunter2-Privacy@db.internal:3306/switchboard' },
      // Not a URL at all (a port that is not a number): the password is masked all the same.
      { REDIS_URL: 'redis://default:hunter2@Privacy@cache.internal:63x79' },
    ];
    for (const env of attempts) {
      const [key] = Object.keys(env);
      row.requests += 1;
      const output = await startServer({ ...issuer.env, ...env }).then(
        async (server) => {
          await server.stop();
          return `started with ${key} rejected nowhere`;
        },
        (err: Error) => err.message,
      );
      const refused = output.split('\n').find((l) => l.startsWith(`Invalid setting ${key}=`));
      console.log(`privacy: ${refused ?? output.slice(0, 300)}`);
      if (!refused || !refused.includes(':***@') || /hunter2|Privacy/.test(output)) {
        row.failures += 1;
        problems.push(`${key}: ${output.slice(0, 500)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('names the dependency that is down in words, in 503 bodies and /health/ready, and keeps the details for the log', async () => {
    const token = await issuer.token({ tenant: 'privacy', role: 'admin', sub: 'privacy|admin' });
    await check(outage, json('POST', '/v1/contacts', token, { name: 'Ada', phone: '+14045550199' }), (o) => o.status === 201);
    const clean = (o: Outcome) => o.status === 503 && fieldsOf(o).code === 'SERVICE_UNAVAILABLE' && !ERROR_TEXT.test(o.text);

    // The queue is down from the start.
    const body = JSON.stringify({
      eventId: randomUUID(),
      type: 'call.started',
      tenantId: 'privacy',
      callId: 'CA-privacy-1',
      occurredAt: '2026-11-02T10:00:00Z',
      contactPhone: '+14045550100',
    });
    const webhook = { 'content-type': 'application/json', 'x-switchboard-signature': signTelephonyPayload(SECRET, body, Date.now() / 1000) };
    const queued = await check(
      outage,
      { method: 'POST', path: '/v1/telephony/events', headers: webhook, body },
      (o) => clean(o) && /call-events queue is unavailable/.test(String(fieldsOf(o).detail)),
    );
    const queueNotReady = await check(
      outage,
      { method: 'GET', path: '/health/ready' },
      (o) => clean(o) && fieldsOf(o).detail === 'Not ready: the queue is unavailable.',
    );

    // Then the database goes away.
    await postgres.stop();
    const listed = await check(
      outage,
      json('GET', '/v1/contacts', token),
      (o) => clean(o) && fieldsOf(o).detail === 'The database is unavailable; try again shortly.',
    );
    const bothNotReady = await check(
      outage,
      { method: 'GET', path: '/health/ready' },
      (o) => clean(o) && fieldsOf(o).detail === 'Not ready: the database and the queue are unavailable.',
    );
    assertAlive(outage);
    for (const o of [queued, queueNotReady, listed, bothNotReady]) console.log(`privacy: ${o.status} ${String(fieldsOf(o).detail)}`);
    // The details are the operator's: in the log, not in the answers.
    const lines = outage.output().split('\n');
    const detailed = (what: string) => lines.filter((l) => l.includes(what) && ERROR_TEXT.test(l));
    const database = detailed('Not ready: the database is unavailable');
    const queue = detailed('Not ready: the queue is unavailable');
    console.log(`privacy: log lines with the details: database ${database.length}, queue ${queue.length}; e.g. ${database[0]?.slice(0, 400)}`);
    if (database.length === 0 || queue.length === 0) {
      row.failures += 1;
      problems.push('the log lacks why the database or the queue is down');
    }
    expect(problems).toEqual([]);
  });
});
