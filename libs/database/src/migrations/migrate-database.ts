import { Logger } from '@nestjs/common';
import pg from 'pg';
import type { DataSource } from 'typeorm';

/** Applies the pending migrations on an initialised DataSource; how a topology brings the schema up at start. */
export type MigrateDatabase = (dataSource: DataSource) => Promise<string[]>;

/**
 * The advisory lock key every runner takes (advisory locks are per database, so
 * one constant serves every database): ASCII "SwbMigr" as a bigint.
 */
export const MIGRATION_LOCK_KEY = '23493687156238194';

/**
 * How long a runner waits for another to finish before it gives up with a lock
 * timeout: under the migrate function's own 5-minute timeout
 * (deploy/lib/stacks/api-stack.ts), so it fails with a reason rather than being
 * cut off. A runner that dies releases the lock when its connection closes, so
 * a longer wait means a runner is stuck.
 */
const LOCK_WAIT_MS = 4 * 60_000;

const logger = new Logger('Migrations');

/**
 * Applies `MIGRATIONS` (the DataSource's `migrations`) through TypeORM's runner,
 * each in its own transaction, while holding a Postgres advisory lock, so that
 * runners started at once (two servers, two deploys) apply each migration once:
 * the second waits, then finds nothing pending.
 * @returns the names of the migrations applied, oldest first.
 */
export const migrateDatabase: MigrateDatabase = async (dataSource) =>
  withMigrationLock(dataSource, async () => (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name));

/**
 * Runs `work` while this process holds the migration lock. The lock lives on a
 * connection of its own, outside the DataSource's pool: a session-level advisory
 * lock pins an RDS Proxy session, and a pool of one (the migrate function's)
 * would otherwise have no connection left for the migrations. The connection
 * closes as soon as the run ends, which also releases the lock if unlocking fails.
 */
async function withMigrationLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const client = lockClient(dataSource);
  await client.connect();
  try {
    // The session is pinned by the lock anyway; these SETs replace a proxy's
    // init-query statement_timeout, which would cancel a long wait for the lock.
    await client.query(`SET statement_timeout = 0`);
    await client.query(`SET lock_timeout = ${LOCK_WAIT_MS}`);
    const [{ locked }] = (await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${MIGRATION_LOCK_KEY}) AS locked`)).rows;
    if (!locked) {
      logger.log('Another runner is applying migrations: waiting for it to finish');
      await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    }
    try {
      return await work();
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A lone client with the DataSource's address, TLS and credentials (its `Client` class, if it rotates passwords). */
function lockClient(dataSource: DataSource): pg.Client {
  const options = dataSource.options as { url?: string; ssl?: pg.ClientConfig['ssl']; extra?: { Client?: typeof pg.Client; connectionTimeoutMillis?: number } };
  const Client = options.extra?.Client ?? pg.Client;
  return new Client({ connectionString: options.url, ssl: options.ssl, connectionTimeoutMillis: options.extra?.connectionTimeoutMillis });
}
