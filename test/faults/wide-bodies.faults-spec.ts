import { signTelephonyPayload } from '#switchboard/calls';
import { MAX_BULK_INPUT_ITEMS, MAX_FIELD_ERRORS, MAX_INPUT_ITEMS, MAX_INPUT_KEYS } from '#switchboard/common';
import { SETTINGS } from '#switchboard/config';
import { startTestIssuer, type TestIssuer } from '../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { describe as describeOutcome, type Outcome, problemViolation, type RequestSpec, send } from './support/http.js';
import { type OpenApiDocument, type Operation, operationsOf } from './support/openapi.js';
import { assertAlive, startServer, type RunningServer } from './support/server.js';
import { sleep } from './support/services.js';
import { recordScenario, type ScenarioRow } from './support/summary.js';
import { phone } from './support/world.js';

const SECRET = 'faults-webhook-secret';
/** "In milliseconds, not seconds": the bound on every answer and on /health/live meanwhile. */
const BOUND_MS = 1000;
/** An answer to a hostile body stays small: the field errors are capped. */
const MAX_ANSWER_BYTES = 16 * 1024;

/** `{"k0":1,"k1":1,…}` of about `bytes` bytes: the issue's 950 KB object of distinct keys. */
function wideObject(bytes: number): string {
  const parts: string[] = [];
  let size = 2;
  for (let i = 0; size < bytes; i++) {
    const part = `"k${i}":1`;
    parts.push(part);
    size += part.length + 1;
  }
  return `{${parts.join(',')}}`;
}

/** `{"u0":1,…}` with `keys` distinct keys. */
const keysObject = (keys: number) => `{${Array.from({ length: keys }, (_, i) => `"u${i}":1`).join(',')}}`;

/** `{"<field>":[1,1,…]}` with `items` numbers. */
const longArray = (field: string, items: number) => `{${JSON.stringify(field)}:[${new Array<string>(items).fill('1').join(',')}]}`;

/** The body's first array property (where a long list would go), else its first property. */
function arrayField(op: Operation): string {
  const properties = Object.entries(op.body?.schema.properties ?? {});
  return (properties.find(([, s]) => s.type === 'array') ?? properties[0])?.[0] ?? 'items';
}

/**
 * Issue 20 item 1: bodies whose cost grows faster than their size (objects of
 * thousands of distinct keys, long arrays) on every body-taking route, while a
 * prober measures /health/live: one request must never freeze every tenant.
 */
describe('wide bodies on every body-taking route', () => {
  const row: ScenarioRow = { scenario: 'wide bodies on every body-taking route', requests: 0, failures: 0, lostWrites: 0 };
  const failures: string[] = [];
  let passedTests = 0;
  let slowest = { ms: 0, what: '' };
  /** Every timed answer, to print the slowest few. */
  const timings: { ms: number; what: string }[] = [];
  let worstLive = 0;
  /** What was being sent when /health/live was slowest. */
  let current = '';
  let worstLiveDuring = '';
  let issuer: TestIssuer;
  let db: TestDatabase;
  let server: RunningServer;
  let token: string;
  let operations: Operation[];

  beforeAll(async () => {
    issuer = await startTestIssuer();
    db = await createTestDatabase();
    server = await startServer({ ...issuer.env, DATABASE_URL: db.url, TELEPHONY_WEBHOOK_SECRET: SECRET, HTTP_BODY_LIMIT: '1mb', IMPORT_BODY_LIMIT: '5mb' });
    token = await issuer.token({ tenant: 'wide', role: 'admin', sub: 'wide|admin' });
    expect((await send(server.url, { method: 'GET', path: '/v1/me', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const doc = (await (await fetch(`${server.url}/docs-json`)).json()) as OpenApiDocument;
    operations = operationsOf(doc).filter((op) => op.body && op.body.contentTypes.includes('application/json'));
  });

  afterAll(async () => {
    row.scenario = `wide bodies on every body-taking route (slowest answer ${Math.round(slowest.ms)} ms, /health/live worst ${Math.round(worstLive)} ms)`;
    row.passed = passedTests === 2;
    recordScenario(row);
    await server?.stop();
    await db?.drop();
    await issuer?.close();
  });

  /** The request for `op` carrying `body`: a bearer token or the webhook signature, every path parameter a fresh uuid. */
  function request(op: Operation, body: string): RequestSpec {
    const auth: Record<string, string> =
      op.auth === 'signature' ? { 'x-switchboard-signature': signTelephonyPayload(SECRET, body, Date.now() / 1000) } : { authorization: `Bearer ${token}` };
    return {
      method: op.method,
      path: op.path.replace(/\{[^}]+\}/g, () => crypto.randomUUID()),
      headers: { 'content-type': 'application/json', ...auth },
      body,
    };
  }

  /** Sends, and records a failure unless the answer is a small 4xx problem within BOUND_MS. */
  async function expectRefused(what: string, spec: RequestSpec): Promise<Outcome> {
    current = what;
    const o = await send(server.url, spec);
    row.requests += 1;
    timings.push({ ms: o.ms, what: `${what} → ${o.status}` });
    if (o.ms > slowest.ms) slowest = { ms: o.ms, what };
    const wrong =
      o.status < 400 || o.status >= 500
        ? `status ${o.status}`
        : (problemViolation(o) ??
          (o.ms > BOUND_MS ? `took ${Math.round(o.ms)} ms` : o.text.length > MAX_ANSWER_BYTES ? `answer of ${o.text.length} bytes` : undefined));
    if (wrong) {
      row.failures += 1;
      failures.push(`${what}: ${wrong}: ${describeOutcome(spec, o)}`);
    }
    return o;
  }

  /** Polls /health/live every 10 ms until stopped; resolves with the worst latency seen. */
  function probeLiveness(): { stop: () => Promise<number> } {
    let running = true;
    const done = (async () => {
      let worst = 0;
      while (running) {
        const during = current;
        const o = await send(server.url, { method: 'GET', path: '/health/live', timeoutMs: 30_000 });
        row.requests += 1;
        if (o.status !== 200) {
          row.failures += 1;
          failures.push(`/health/live answered ${o.status} ${o.error ?? ''}`);
        }
        if (o.ms > worst) [worst, worstLiveDuring] = [o.ms, during];
        await sleep(10);
      }
      return worst;
    })();
    return {
      stop: async () => {
        running = false;
        return done;
      },
    };
  }

  it('refuses 950 KB of distinct keys and arrays past the limit on every route in milliseconds, /health/live answering meanwhile', async () => {
    expect(operations.length).toBeGreaterThanOrEqual(10);
    expect(operations.map((op) => op.key)).toEqual(expect.arrayContaining(['PUT /v1/me/state', 'POST /v1/contacts', 'POST /v1/contact-imports']));
    const wide = wideObject(950 * 1024);
    const truncated: string[] = [];
    const prober = probeLiveness();
    for (const op of operations) {
      const bulk = op.path.startsWith('/v1/contact-imports') || op.path.startsWith('/v1/dnc/imports');
      const field = arrayField(op);
      const wideAnswer = await expectRefused(`${op.key} 950 KB object of distinct keys`, request(op, wide));
      expect([op.key, (wideAnswer.body as { truncated?: boolean; errors?: unknown[] } | undefined)?.errors?.length ?? 0]).not.toEqual([op.key, 0]);
      // Over the cap (the whole 1 MB body of numbers), and exactly at it: the longest list the DTO layer ever sees.
      await expectRefused(`${op.key} ${field}: 450,000 items`, request(op, longArray(field, 450_000)));
      const atCap = bulk ? MAX_BULK_INPUT_ITEMS : MAX_INPUT_ITEMS;
      await expectRefused(`${op.key} ${field}: ${atCap} items (the cap)`, request(op, longArray(field, atCap)));
      // As wide as the cap lets through: every key unknown, the problem lists the first MAX_FIELD_ERRORS.
      const unknown = await expectRefused(`${op.key} ${MAX_INPUT_KEYS} unknown keys (the cap)`, request(op, keysObject(MAX_INPUT_KEYS)));
      const listed = (unknown.body as { errors?: unknown[] } | undefined)?.errors?.length ?? 0;
      expect([op.key, listed <= MAX_FIELD_ERRORS]).toEqual([op.key, true]);
      if (listed === MAX_FIELD_ERRORS) truncated.push(op.key);
    }
    console.log(
      `wide bodies: ${MAX_INPUT_KEYS} unknown keys answered with the first ${MAX_FIELD_ERRORS} field errors and truncated: true on ${truncated.join(', ')}`,
    );
    expect(truncated).toEqual(expect.arrayContaining(['POST /v1/contacts', 'PUT /v1/me/state']));
    worstLive = await prober.stop();
    assertAlive(server);
    console.log(
      `wide bodies: ${operations.length} routes, slowest answer ${Math.round(slowest.ms)} ms (${slowest.what}), /health/live worst ${Math.round(worstLive)} ms (while sending ${worstLiveDuring})`,
    );
    const top = timings.sort((a, b) => b.ms - a.ms).slice(0, 5);
    console.log(`wide bodies: slowest answers\n${top.map((t) => `  ${Math.round(t.ms)} ms ${t.what}`).join('\n')}`);
    expect(failures).toEqual([]);
    expect(worstLive).toBeLessThan(BOUND_MS);

    // The caps leave room for what the API takes: an import of 50,000 contacts.
    const contacts = Array.from({ length: 50_000 }, (_, i) => ({ name: `Contact ${i}`, phone: phone(i), tags: ['wide'] }));
    const started = performance.now();
    const accepted = await send(
      server.url,
      request(
        operations.find((op) => op.key === 'POST /v1/contact-imports')!,
        JSON.stringify({ contacts }),
      ),
    );
    row.requests += 1;
    console.log(`wide bodies: a JSON import of 50,000 contacts answered ${accepted.status} in ${Math.round(performance.now() - started)} ms`);
    expect(accepted.status).toBe(202);
    passedTests += 1;
  }, 300_000);

  it('POST /dev/token on a production server is unrouted: 404 without reading the body', async () => {
    const production = await startServer({
      ...Object.fromEntries(Object.entries(SETTINGS).flatMap(([key, spec]) => ('optional' in spec && spec.optional ? [] : [[key, spec.example]]))),
      ...issuer.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'error',
      DATABASE_URL: db.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      CACHE_KEY_PREFIX: 'faults-wide',
      TELEPHONY_WEBHOOK_SECRET: SECRET,
      QUEUE_CONSUMERS_ENABLED: 'false',
      QUEUES_CREATE: 'false',
      CORS_ORIGINS: 'http://localhost:3000',
    });
    try {
      const post = (body: string): RequestSpec => ({ method: 'POST', path: '/dev/token', headers: { 'content-type': 'application/json' }, body });
      // An invalid body used to answer 400: it was validated before the controller answered 404.
      for (const body of [JSON.stringify({ tenant: 'acme', role: 'admin' }), JSON.stringify({ tenant: 5, role: 'root' })]) {
        const o = await send(production.url, post(body));
        row.requests += 1;
        if (o.ms > slowest.ms) slowest = { ms: o.ms, what: 'production POST /dev/token' };
        expect([o.status, problemViolation(o)]).toEqual([404, undefined]);
      }
      const wide = await send(production.url, post(wideObject(950 * 1024)));
      row.requests += 1;
      if (wide.ms > slowest.ms) slowest = { ms: wide.ms, what: 'production POST /dev/token, 950 KB of keys' };
      console.log(`wide bodies: production POST /dev/token with 950 KB of distinct keys, no token: ${wide.status} in ${Math.round(wide.ms)} ms`);
      expect(wide.status).toBeGreaterThanOrEqual(400);
      expect(wide.status).toBeLessThan(500);
      expect(wide.ms).toBeLessThan(BOUND_MS);
      expect((await send(production.url, { method: 'GET', path: '/dev/.well-known/jwks.json' })).status).toBe(404);
      row.requests += 1;
      passedTests += 1;
    } finally {
      await production.stop();
    }
  }, 120_000);
});
