import type { ConfigType } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../data-source-options.js';
import type { databaseConfig } from '../database.config.js';

/** Applies the pending migrations, or none; how a topology brings the schema up at start. */
export type MigrateDatabase = (url: string, db: ConfigType<typeof databaseConfig>) => Promise<string[]>;

/**
 * Applies `MIGRATIONS` through TypeORM's runner (each in its own transaction)
 * on a connection of its own, closed before it returns.
 * @returns the names of the migrations applied, oldest first.
 */
export const migrateDatabase: MigrateDatabase = async (url, db) => {
  const dataSource = new DataSource({ ...dataSourceOptions(url, db), migrationsTransactionMode: 'each', logging: ['error', 'migration'] });
  await dataSource.initialize();
  try {
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
};
