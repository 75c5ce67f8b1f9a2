import { MIGRATIONS } from '#switchboard/database';
import pg from 'pg';
import { startTestIssuer, type TestIssuer } from '../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startServer, type RunningServer } from './support/server.js';
import { waitFor } from './support/services.js';
import { recordScenario, type ScenarioRow } from './support/summary.js';

/** Servers started at once on each fresh database (replicas of a first deploy, two `npm start`s). */
const RUNNERS = 4;
/** libs/database/src/migrations/migrate-database.ts MIGRATION_LOCK_KEY. */
const LOCK_KEY = '23493687156238194';
const NAMES = MIGRATIONS.map((m) => m.name);

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Issue 20 item 6: several built servers migrate one fresh database at once.
 * Every one must come up and answer ready, and the `migrations` table must list
 * each migration exactly once. Two rounds: the servers racing as they boot, and
 * the servers all queued behind a runner that holds the lock, released together.
 */
describe('migration runners started at once on a fresh database', () => {
  const row: ScenarioRow = { scenario: `${RUNNERS} servers migrate one fresh database at once (×2)`, requests: 0, failures: 0, lostWrites: 0 };
  const databases: TestDatabase[] = [];
  const servers: RunningServer[] = [];
  const failures: string[] = [];
  let issuer: TestIssuer;
  let passedTests = 0;

  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  afterAll(async () => {
    row.passed = passedTests === 2;
    recordScenario(row);
    await Promise.all(servers.map((s) => s.stop()));
    for (const db of databases) await db.drop();
    await issuer?.close();
  });

  /** Starts RUNNERS servers at once; counts those that did not come up ready. */
  async function startAll(url: string, beforeReady?: () => Promise<void>): Promise<void> {
    const starting = Promise.allSettled(Array.from({ length: RUNNERS }, () => startServer({ ...issuer.env, DATABASE_URL: url, LOG_LEVEL: 'info' })));
    row.requests += RUNNERS;
    await beforeReady?.();
    for (const result of await starting) {
      if (result.status === 'rejected') {
        row.failures += 1;
        failures.push(String(result.reason).slice(0, 2000));
        continue;
      }
      servers.push(result.value);
      const ready = await fetch(`${result.value.url}/health/ready`);
      if (ready.status !== 200) {
        row.failures += 1;
        failures.push(`/health/ready ${ready.status}`);
      }
    }
  }

  /** Missing or duplicated rows of the migrations table; logs what each runner did. */
  async function recorded(url: string, round: string): Promise<number> {
    const rows = await query<{ name: string; n: number }>(url, `SELECT name, count(*)::int AS n FROM migrations GROUP BY name`);
    const counts = new Map(rows.map((r) => [r.name, r.n]));
    const wrong = NAMES.reduce((sum, name) => sum + Math.abs((counts.get(name) ?? 0) - 1), 0) + rows.filter((r) => !NAMES.includes(r.name)).length;
    row.lostWrites += wrong;
    const outputs = servers.slice(-RUNNERS).map((s) => s.output());
    console.log(
      `${round}: ${outputs.filter((o) => o.includes('Applied')).length} runner(s) applied migrations, ` +
        `${outputs.filter((o) => o.includes('waiting for it to finish')).length} waited for the lock; migration rows wrong: ${wrong}`,
    );
    return wrong;
  }

  it('servers booting together all start, and each migration is applied once', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    await startAll(db.url);
    expect(failures).toEqual([]);
    await expect(recorded(db.url, 'booting together')).resolves.toBe(0);
    passedTests += 1;
  });

  it('servers queued behind a runner holding the lock all start once it lets go, and each migration is applied once', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(${LOCK_KEY})`);
    await startAll(db.url, async () => {
      // Every server is waiting on the lock: then it goes, and they race for it.
      await waitFor(
        `${RUNNERS} runners waiting for the migration lock`,
        async () => {
          const [{ n }] = await query<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
          return n === RUNNERS || undefined;
        },
        60_000,
        100,
      ).finally(() => holder.end());
    });
    expect(failures).toEqual([]);
    await expect(recorded(db.url, 'queued behind the lock')).resolves.toBe(0);
    passedTests += 1;
  });
});
