import pg from 'pg';
import { startTestIssuer, type TestIssuer } from '../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { describe as describeOutcome, json, stringField } from './support/http.js';
import { closedLoop, type LoadRequest, type LoadResult, statusCounts } from './support/load.js';
import { startServer, type RunningServer } from './support/server.js';
import { sleep } from './support/services.js';
import { recordScenario, type ScenarioRow } from './support/summary.js';
import { phone, seedWorld, type World } from './support/world.js';

const CLIENTS = 16;
/** The bound on a graceful exit (also the server's SHUTDOWN_GRACE_MS default). */
const EXIT_WITHIN_MS = 10_000;
/** Connection-level refusals a client meets once the server no longer listens. */
const GONE = new Set(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);

describe('SIGTERM under load', () => {
  const row: ScenarioRow = { scenario: 'SIGTERM under load', requests: 0, failures: 0, lostWrites: 0 };
  let issuer: TestIssuer;
  let db: TestDatabase;
  let server: RunningServer;
  let world: World;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    db = await createTestDatabase();
    server = await startServer({ ...issuer.env, DATABASE_URL: db.url, SHUTDOWN_GRACE_MS: String(EXIT_WITHIN_MS) });
    world = await seedWorld(server.url, issuer, 'sigterm', 10);
  });

  afterAll(async () => {
    recordScenario(row);
    await server?.stop();
    await db?.drop();
    await issuer?.close();
  });

  it('finishes the requests in flight without a 5xx and exits within 10 s', async () => {
    let phones = 1000;
    const request = (i: number): LoadRequest => {
      const contactId = world.contactIds[i % world.contactIds.length]!;
      switch (i % 4) {
        case 0:
          return { op: 'create contact', ...json('POST', '/v1/contacts', world.agent, { name: `Term ${i}`, phone: phone(phones++) }) };
        case 1:
          return {
            op: 'log call',
            ...json('POST', '/v1/calls', world.agent, {
              contactId,
              direction: 'inbound',
              startedAt: '2026-11-02T10:00:00Z',
              endedAt: '2026-11-02T10:01:00Z',
              disposition: 'callback',
            }),
          };
        case 2:
          return { op: 'report', ...json('GET', '/v1/reports/agents?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z', world.admin) };
        default:
          return { op: 'list contacts', ...json('GET', '/v1/contacts?limit=20', world.agent) };
      }
    };

    const exited = { at: undefined as number | undefined };
    let signalledAt = Infinity;
    const load = closedLoop({
      baseUrl: server.url,
      clients: CLIENTS,
      count: 100_000,
      next: request,
      // Keep sending through the shutdown, until the process is gone.
      stop: () => exited.at !== undefined,
    });
    await sleep(2_000);
    signalledAt = performance.now();
    const exit = await server.signal('SIGTERM');
    exited.at = performance.now();
    const results = await load;
    const exitMs = exited.at - signalledAt;

    const before = results.filter((r) => r.sentAt < signalledAt);
    const inFlight = before.filter((r) => r.doneAt > signalledAt);
    const after = results.filter((r) => r.sentAt >= signalledAt);
    const failures: string[] = [];
    const fail = (what: string, r: LoadResult) => {
      row.failures += 1;
      if (failures.length < 15)
        failures.push(`${what}: ${describeOutcome(r.request, r.outcome)} (sent ${Math.round(r.sentAt - signalledAt)} ms after SIGTERM)`);
    };
    row.requests = results.length;
    for (const r of results) if (r.outcome.status >= 500) fail('5xx', r);
    for (const r of before) if (r.outcome.status === 0) fail('in flight at SIGTERM and not answered', r);
    for (const r of after) if (r.outcome.status === 0 && !GONE.has(r.outcome.error ?? '')) fail('sent after SIGTERM and neither answered nor refused', r);

    const created = { contacts: [] as string[], calls: [] as string[] };
    for (const r of results) if (r.outcome.status === 201) (r.request.op === 'log call' ? created.calls : created.contacts).push(stringField(r.outcome, 'id'));
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    const present = async (table: string, ids: string[]) =>
      (await sql.query(`SELECT count(*)::int AS n FROM ${table} WHERE id = ANY($1::uuid[])`, [ids])).rows[0].n as number;
    row.lostWrites = created.contacts.length - (await present('contacts', created.contacts)) + created.calls.length - (await present('calls', created.calls));
    await sql.end();

    console.log(
      `SIGTERM: ${before.length} requests before it (${inFlight.length} in flight), ${after.length} after ${JSON.stringify(statusCounts(after.map((r) => r.outcome)))}` +
        `; exit ${JSON.stringify(exit)} ${Math.round(exitMs)} ms after the signal`,
    );
    expect(failures).toEqual([]);
    expect(inFlight.length).toBeGreaterThan(0);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(exitMs).toBeLessThan(EXIT_WITHIN_MS);
    expect(row.lostWrites).toBe(0);
    row.passed = true;
  });
});
