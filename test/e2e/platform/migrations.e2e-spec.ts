import { dataSourceOptions, MIGRATIONS } from '#switchboard/database';
import { DataSource } from 'typeorm';
import { createTestDatabase, testDatabaseSettings, type TestDatabase } from '../../support/test-database.js';

const settings = testDatabaseSettings();

async function tables(ds: DataSource): Promise<string[]> {
  const rows: { table_name: string }[] = await ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

/** Every migration applies on an empty database, reverts to empty, and applies again. */
describe('migrations on a real database', () => {
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

  it('runs up, down to nothing, and up again', async () => {
    const applied = await ds.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    const schema = await tables(ds);
    expect(schema).toEqual(expect.arrayContaining(['agents', 'contacts', 'campaigns', 'campaign_contacts', 'calls', 'contact_imports']));

    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    await expect(tables(ds)).resolves.toEqual([]);
    await expect(ds.showMigrations()).resolves.toBe(true);

    await ds.runMigrations({ transaction: 'each' });
    await expect(tables(ds)).resolves.toEqual(schema);
    await expect(ds.showMigrations()).resolves.toBe(false);
  });
});
