import { closeIdleConnections, dataSourceOptions, poolOf } from '#switchboard/database';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../../../apps/api/src/entities.js';
import { createTestDatabase, testDatabaseSettings, type TestDatabase } from '../../support/test-database.js';

const settings = testDatabaseSettings();

/**
 * The migrations are the schema's history and the entities describe it: after
 * every migration, TypeORM's schema diff between the entities and the database
 * must be empty. A failure lists the statements `npm run migration:generate`
 * would write.
 */
describe('entities and migrations', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource({ ...dataSourceOptions(db.url, settings), entities: ENTITIES, logging: false }).initialize();
    await ds.runMigrations({ transaction: 'each' });
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('agree: the schema diff of a migrated database is empty', async () => {
    const diff = await ds.driver.createSchemaBuilder().log();
    expect(diff.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('cover every table the migrations create', async () => {
    const rows: { table_name: string }[] = await ds.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
    );
    const mapped = ds.entityMetadatas.map((m) => m.tableName).sort();
    expect(mapped).toEqual(rows.map((r) => r.table_name));
  });
});

/**
 * The Lambdas close idle connections after a long freeze through the pool that
 * TypeORM's Postgres driver keeps as `master` (no exported name for that class):
 * this fails loudly if a typeorm update moves it.
 */
describe('the DataSource pool', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource({ ...dataSourceOptions(db.url, settings), logging: false }).initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('is reachable, and its idle connections close while the DataSource keeps serving', async () => {
    const pool = poolOf(ds);
    expect(pool).toBeDefined();
    await Promise.all([ds.query('SELECT pg_sleep(0.05)'), ds.query('SELECT pg_sleep(0.05)')]);
    expect(pool!.idleCount).toBe(2);

    await expect(closeIdleConnections(ds)).resolves.toBe(2);
    expect(pool!.idleCount).toBe(0);
    await expect(ds.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });
});
