import { dataSourceOptions, MIGRATIONS, migrateDatabase } from '#switchboard/database';
import pg from 'pg';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createTestDatabase, testDatabaseSettings, type TestDatabase } from '../../support/test-database.js';

const settings = testDatabaseSettings({ poolSize: 1 });
const LOCK_KEY = '23493687156238194';

/** A data-only migration, slow enough that two runners without a lock would overlap in it. */
class SeedDemoAgent1999999999999 implements MigrationInterface {
  name = 'SeedDemoAgent1999999999999';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`SELECT pg_sleep(0.3)`);
    await runner.query(`INSERT INTO agents (tenant_id, sub, name) VALUES ('acme', 'seeded-once', 'Seed')`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM agents WHERE sub = 'seeded-once'`);
  }
}

class Broken1999999999998 implements MigrationInterface {
  name = 'Broken1999999999998';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`SELECT no_such_function()`);
  }
  async down(): Promise<void> {}
}

const ALL = [...MIGRATIONS, SeedDemoAgent1999999999999];
const NAMES = ALL.map((m) => m.name);

function runner(url: string, migrations: unknown[] = ALL): Promise<DataSource> {
  return new DataSource({ ...dataSourceOptions(url, settings), migrations: migrations as never, logging: false }).initialize();
}

async function advisoryLocks(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query(
    `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()`,
  );
  await client.end();
  return rows[0].n;
}

/**
 * Two runners (two servers starting, two deploys) on one fresh database: both
 * succeed, and every migration is applied and recorded once, because each run
 * holds a Postgres advisory lock on a connection of its own.
 */
describe('migrateDatabase under concurrency', () => {
  const databases: TestDatabase[] = [];
  const sources: DataSource[] = [];
  const fresh = async () => {
    const db = await createTestDatabase();
    databases.push(db);
    return db;
  };
  const open = async (url: string, migrations?: unknown[]) => {
    const ds = await runner(url, migrations);
    sources.push(ds);
    return ds;
  };

  afterAll(async () => {
    for (const ds of sources) if (ds.isInitialized) await ds.destroy();
    for (const db of databases) await db.drop();
  });

  it('two runners at once on a fresh database both succeed, and each migration is applied once', async () => {
    const db = await fresh();
    const [a, b] = await Promise.all([open(db.url), open(db.url)]);
    const results = await Promise.allSettled([migrateDatabase(a), migrateDatabase(b)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);

    const applied = results.map((r) => (r as PromiseFulfilledResult<string[]>).value);
    // One applied everything in order; the other waited for the lock, then found nothing pending.
    expect([...applied].sort((x, y) => x.length - y.length)).toEqual([[], NAMES]);
    const recorded: { name: string; n: number }[] = await a.query(`SELECT name, count(*)::int AS n FROM migrations GROUP BY name ORDER BY min(id)`);
    expect(recorded).toEqual(NAMES.map((name) => ({ name, n: 1 })));
    await expect(a.query(`SELECT count(*)::int AS n FROM agents WHERE sub = 'seeded-once'`)).resolves.toEqual([{ n: 1 }]);
    await expect(advisoryLocks(db.url)).resolves.toBe(0);
  });

  it('waits while another session holds the lock, and goes on once that session dies', async () => {
    const db = await fresh();
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(${LOCK_KEY})`);

    const ds = await open(db.url);
    let settled = false;
    const run = migrateDatabase(ds).finally(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 700));
    expect(settled).toBe(false);
    await expect(ds.query(`SELECT to_regclass('public.agents') AS t`)).resolves.toEqual([{ t: null }]);

    // A crashed runner: its connection goes, and Postgres drops its session lock.
    await holder.end();
    await expect(run).resolves.toEqual(NAMES);
  });

  it('releases the lock when a migration fails, so the next run can proceed', async () => {
    const db = await fresh();
    const broken = await open(db.url, [...MIGRATIONS, Broken1999999999998]);
    await expect(migrateDatabase(broken)).rejects.toThrow(/no_such_function/);
    await expect(advisoryLocks(db.url)).resolves.toBe(0);

    const fixed = await open(db.url);
    await expect(migrateDatabase(fixed)).resolves.toEqual(['SeedDemoAgent1999999999999']);
  });
});
