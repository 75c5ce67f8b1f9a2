import { MIGRATIONS } from '#switchboard/database';
import { createMigrateHandler } from '#switchboard/lambda';
import pg from 'pg';
import { createMigrationDataSource, MIGRATION_STATEMENT_TIMEOUT_MS } from '../../../libs/lambda/src/migrate/create-migrate-handler.js';
import { createTestDatabase, testDatabaseSettings, type TestDatabase } from '../../support/test-database.js';

const LOCK_KEY = '23493687156238194';
const NAMES = MIGRATIONS.map((m) => m.name);
const context = (id: string) => ({ functionName: 'switchboard-test-api-Migrate', awsRequestId: id });

/**
 * The migrate function as deployed: behind RDS Proxy (`DATABASE_PROXY=true`, the
 * Lambda default), whose init query gives every session a short statement
 * timeout, emulated here by the database's own default. Two invocations at once
 * (the deploy's trigger and a manual one) both succeed and apply each migration
 * once; neither the wait for the lock nor a migration's statements are cut by
 * the proxy's timeout.
 */
describe('the migrate function', () => {
  let db: TestDatabase;
  const saved = { ...process.env };

  beforeAll(async () => {
    db = await createTestDatabase();
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`ALTER DATABASE ${db.name} SET statement_timeout = '1s'`);
    await admin.end();
    Object.assign(process.env, { DATABASE_URL: db.url, DATABASE_PROXY: 'true', DATABASE_SSL: 'false', LOG_LEVEL: 'warn' });
  });
  afterAll(async () => {
    process.env = saved;
    await db.drop();
  });

  it('gives its statements the migration timeout, not the proxy session default', async () => {
    const settings = { ...testDatabaseSettings({ poolSize: 1, proxy: true }), url: db.url };
    const plain = new pg.Client({ connectionString: db.url });
    await plain.connect();
    await expect(plain.query('SHOW statement_timeout').then((r) => r.rows)).resolves.toEqual([{ statement_timeout: '1s' }]);
    await plain.end();

    const ds = await createMigrationDataSource(db.url, settings);
    try {
      await expect(ds.query('SHOW statement_timeout')).resolves.toEqual([{ statement_timeout: `${MIGRATION_STATEMENT_TIMEOUT_MS / 60_000}min` }]);
      // Longer than the "proxy's" 1 s.
      await expect(ds.query('SELECT pg_sleep(1.5) AS slept')).resolves.toEqual([{ slept: '' }]);
    } finally {
      await ds.destroy();
    }
  });

  it('two invocations at once, started while a third runner holds the lock past the proxy timeout, both succeed and apply each migration once', async () => {
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(${LOCK_KEY})`);
    const handler = createMigrateHandler();
    const runs = Promise.allSettled([handler({}, context('one')), handler({}, context('two'))]);
    await new Promise((r) => setTimeout(r, 1500));
    await holder.end();

    const results = await runs;
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'fulfilled'))).toEqual(['fulfilled', 'fulfilled']);
    const applied = results.map((r) => (r as PromiseFulfilledResult<{ applied: string[] }>).value.applied);
    expect([...applied].sort((x, y) => x.length - y.length)).toEqual([[], NAMES]);

    const check = new pg.Client({ connectionString: db.url });
    await check.connect();
    const { rows } = await check.query(`SELECT name, count(*)::int AS n FROM migrations GROUP BY name ORDER BY min(id)`);
    await check.end();
    expect(rows).toEqual(NAMES.map((name) => ({ name, n: 1 })));
  });
});
