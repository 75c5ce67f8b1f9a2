import { Redis } from 'ioredis';
import pg from 'pg';
import { startTestIssuer, type TestIssuer } from '../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { describe as describeOutcome, fieldsOf, json, send, stringField } from './support/http.js';
import { closedLoop, type LoadRequest, type LoadResult } from './support/load.js';
import { assertAlive, startServer, type RunningServer } from './support/server.js';
import { PrivateRedis, waitFor } from './support/services.js';
import { recordScenario, type ScenarioRow } from './support/summary.js';
import { phone, seedWorld, type World } from './support/world.js';

const CLIENTS = 8;
const PER_PHASE = 400;

/** A Prometheus sample of the server's /metrics, e.g. `cache_requests_total{result="hit"}`. */
async function metric(url: string, sample: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}

describe('Redis stopped under a read/write load', () => {
  const row: ScenarioRow = { scenario: 'Redis stopped under read/write load', requests: 0, failures: 0, lostWrites: 0 };
  let redis: PrivateRedis;
  let issuer: TestIssuer;
  let db: TestDatabase;
  let server: RunningServer;
  let world: World;
  const created = { contacts: [] as string[], calls: [] as string[] };
  const failures: string[] = [];
  let phones = 1000;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    issuer = await startTestIssuer();
    db = await createTestDatabase();
    server = await startServer({ ...issuer.env, DATABASE_URL: db.url, REDIS_URL: redis.url, CACHE_KEY_PREFIX: 'faults-redis' });
    world = await seedWorld(server.url, issuer, 'redis-outage', 20);
  });

  afterAll(async () => {
    recordScenario(row);
    await server?.stop();
    await redis?.kill();
    await db?.drop();
    await issuer?.close();
  });

  /** The read/write mix: cached reports, contact reads and writes, logged calls. */
  function request(i: number): LoadRequest {
    const pick = i % 10;
    const contactId = world.contactIds[i % world.contactIds.length]!;
    if (pick < 3) return { op: 'report agents', ...json('GET', '/v1/reports/agents?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z', world.admin) };
    if (pick < 5) return { op: 'report campaign', ...json('GET', `/v1/reports/campaigns/${world.campaignId}`, world.admin) };
    if (pick < 7) return { op: 'create contact', ...json('POST', '/v1/contacts', world.agent, { name: `Load ${i}`, phone: phone(phones++) }) };
    if (pick < 9) return { op: 'read contact', ...json('GET', `/v1/contacts/${contactId}`, world.agent) };
    return {
      op: 'log call',
      ...json('POST', '/v1/calls', world.agent, {
        contactId,
        direction: 'outbound',
        startedAt: '2026-11-02T10:00:00Z',
        answeredAt: '2026-11-02T10:00:05Z',
        endedAt: '2026-11-02T10:02:00Z',
        disposition: 'callback',
      }),
    };
  }

  function tally(result: LoadResult): void {
    row.requests += 1;
    const { outcome, request } = result;
    if (outcome.status === 201) (request.op === 'log call' ? created.calls : created.contacts).push(stringField(outcome, 'id'));
    if (outcome.status < 200 || outcome.status >= 300) {
      row.failures += 1;
      if (failures.length < 10) failures.push(describeOutcome(request, outcome));
    }
  }

  const phase = (count: number, stop?: () => boolean) => closedLoop({ baseUrl: server.url, clients: CLIENTS, count, next: request, onResult: tally, stop });

  it('answers every request while Redis is killed and restarted, then caches again', async () => {
    await phase(PER_PHASE);
    expect(await metric(server.url, 'cache_requests_total{result="hit"}')).toBeGreaterThan(0);
    expect(await metric(server.url, 'cache_up')).toBe(1);

    // Killed under load: the load keeps running through the kill and after it.
    let sent = 0;
    const outage = phase(PER_PHASE, () => {
      if (++sent === PER_PHASE / 4) void redis.kill();
      return false;
    });
    await outage;
    await waitFor('the cache to be bypassed', async () => (await metric(server.url, 'cache_up')) === 0);
    const bypassed = await metric(server.url, 'cache_requests_total{result="bypass"}');
    await phase(PER_PHASE / 2);
    expect(await metric(server.url, 'cache_requests_total{result="bypass"}')).toBeGreaterThan(bypassed);

    // Reads came from Postgres meanwhile: the report counts every call logged so far.
    const report = await send(server.url, json('GET', `/v1/reports/agents?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z`, world.admin));
    const total = (fieldsOf(report).items as { calls: number }[]).reduce((n, item) => n + item.calls, 0);
    expect(total).toBe(created.calls.length + 2); // and the seeded world's two calls (a sale and a callback)

    // Back (empty, same port), under load again: the server reconnects by itself.
    await redis.start();
    await phase(PER_PHASE);
    await waitFor('the cache to be used again', async () => (await metric(server.url, 'cache_up')) === 1, 30_000, 200);
    // Hits resume once the cache's short pause after the failures it saw is over
    // (libs/cache: bypassed for 2 s after repeated failures): keep the load on until then.
    const hits = await metric(server.url, 'cache_requests_total{result="hit"}');
    await waitFor(
      'cache hits again',
      async () => {
        await phase(PER_PHASE / 4);
        return (await metric(server.url, 'cache_requests_total{result="hit"}')) > hits;
      },
      30_000,
      0,
    );
    const admin = new Redis(redis.url);
    expect(await admin.dbsize()).toBeGreaterThan(0);
    await admin.quit();

    assertAlive(server);
    // Every acknowledged write is in Postgres.
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    const present = async (table: string, ids: string[]) =>
      (await sql.query(`SELECT count(*)::int AS n FROM ${table} WHERE id = ANY($1::uuid[])`, [ids])).rows[0].n as number;
    row.lostWrites = created.contacts.length - (await present('contacts', created.contacts)) + created.calls.length - (await present('calls', created.calls));
    await sql.end();

    expect(failures).toEqual([]);
    expect(row.failures).toBe(0);
    expect(row.lostWrites).toBe(0);
    row.passed = true;
    expect(created.contacts.length).toBeGreaterThan(0);
  });
});
