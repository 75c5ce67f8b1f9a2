import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { describe as describeOutcome, json, type RequestSpec, send } from './support/http.js';
import { startServer, type RunningServer } from './support/server.js';
import { recordScenario, type ScenarioRow } from './support/summary.js';

const PER_IP = 5;
const SPOOFED = 50;

/**
 * Issue 20 item 2: a client that writes its own X-Forwarded-For must not pick
 * its own rate-limit bucket. The built server, its dev issuer on, gets a low
 * per-IP limit; once the caller's window is spent, each of 50 requests with a
 * different X-Forwarded-For must still be 429, on `POST /dev/token` and on a
 * failed authentication. With TRUST_PROXY=1 the client is the last hop (the
 * one the proxy appended), so rotating what comes before it escapes nothing
 * either, and another client behind the proxy keeps its own budget.
 */
describe('spoofed client addresses', () => {
  const row: ScenarioRow = { scenario: 'rotating X-Forwarded-For past the per-IP limit (429 kept)', requests: 0, failures: 0, lostWrites: 0 };
  const failures: string[] = [];
  let passedTests = 0;
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    row.passed = passedTests === 2;
    recordScenario(row);
    await db?.drop();
  });

  beforeEach(() => {
    failures.length = 0;
  });

  /** Dev issuer on (no AUTH_ISSUER_URL), counters in memory: one process, one window. */
  const start = (env: Record<string, string> = {}): Promise<RunningServer> =>
    startServer({ DATABASE_URL: db.url, RATE_LIMIT_IP_PER_MINUTE: String(PER_IP), ...env });

  const mint = (headers: Record<string, string> = {}): RequestSpec => json('POST', '/dev/token', undefined, { tenant: 'acme', role: 'admin' }, headers);
  const forged = (headers: Record<string, string> = {}): RequestSpec => ({
    method: 'GET',
    path: '/v1/me',
    headers: { authorization: 'Bearer forged.token.here', ...headers },
  });
  /** A different made-up chain of addresses for each i. */
  const rotated = (i: number) => `198.51.100.${i % 250}, 192.0.2.${(i * 7) % 250}`;

  async function expectStatus(server: RunningServer, what: string, spec: RequestSpec, status: number): Promise<void> {
    const o = await send(server.url, spec);
    row.requests += 1;
    if (o.status !== status) {
      row.failures += 1;
      failures.push(`${what}: expected ${status}: ${describeOutcome(spec, o)}`);
    }
  }

  it('with no proxy trusted (the default), the connection is the client: every rotated X-Forwarded-For stays at 429', async () => {
    const server = await start();
    try {
      for (let i = 0; i < PER_IP; i++) await expectStatus(server, 'POST /dev/token within the window', mint(), 200);
      await expectStatus(server, 'POST /dev/token past the window', mint(), 429);
      for (let i = 0; i < SPOOFED; i++)
        await expectStatus(server, `POST /dev/token with X-Forwarded-For: ${rotated(i)}`, mint({ 'x-forwarded-for': rotated(i) }), 429);
      for (let i = 0; i < SPOOFED; i++)
        await expectStatus(server, `a forged token with X-Forwarded-For: ${rotated(i)}`, forged({ 'x-forwarded-for': rotated(i) }), 429);
      console.log(`spoofed addresses, no proxy trusted: ${2 * SPOOFED} rotated X-Forwarded-For past the window, ${row.failures} not 429`);
    } finally {
      await server.stop();
    }
    expect(failures).toEqual([]);
    passedTests += 1;
  });

  it('with TRUST_PROXY=1, the last hop is the client: rotating the entries before it stays at 429, another client is served', async () => {
    const server = await start({ TRUST_PROXY: '1' });
    const before = row.failures;
    const behindProxy = (i: number, client: string) => ({ 'x-forwarded-for': `${rotated(i)}, ${client}` });
    try {
      for (let i = 0; i < PER_IP; i++) await expectStatus(server, 'POST /dev/token within the window', mint(behindProxy(i, '203.0.113.9')), 200);
      for (let i = 0; i < SPOOFED; i++) {
        await expectStatus(server, `POST /dev/token with X-Forwarded-For: ${rotated(i)}, 203.0.113.9`, mint(behindProxy(i + PER_IP, '203.0.113.9')), 429);
      }
      // The proxy's other clients are not throttled by this one's spending.
      await expectStatus(server, 'POST /dev/token from another client behind the proxy', mint(behindProxy(0, '203.0.113.10')), 200);
      await expectStatus(server, 'a forged token from another client behind the proxy', forged(behindProxy(1, '203.0.113.11')), 401);
      console.log(`spoofed addresses, TRUST_PROXY=1: ${SPOOFED} rotated entries before the trusted hop, ${row.failures - before} not 429`);
    } finally {
      await server.stop();
    }
    expect(failures).toEqual([]);
    passedTests += 1;
  });
});
