import type { DataSource } from 'typeorm';

/** Applies the pending migrations on an initialised DataSource; how a topology brings the schema up at start. */
export type MigrateDatabase = (dataSource: DataSource) => Promise<string[]>;

/**
 * Applies `MIGRATIONS` (the DataSource's `migrations`) through TypeORM's runner,
 * each in its own transaction.
 * @returns the names of the migrations applied, oldest first.
 */
export const migrateDatabase: MigrateDatabase = async (dataSource) => (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
