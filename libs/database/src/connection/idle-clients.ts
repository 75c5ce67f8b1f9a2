import type pg from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Closes the idle connections of the DataSource's pool; the pool opens fresh
 * ones on demand. The pool is TypeORM's PostgresDriver's `master`, a public
 * property of a class the typeorm package does not export by name: typeorm is
 * pinned with `~` and `idle-clients.e2e-spec` fails loudly if it moves.
 * @returns how many connections were closed.
 */
export async function closeIdleConnections(dataSource: DataSource): Promise<number> {
  const pool = poolOf(dataSource);
  if (!pool) return 0;
  // connect() hands out idle clients first, and release(true) destroys the
  // client instead of returning it (pg-pool's documented API).
  const idle = await Promise.all(Array.from({ length: pool.idleCount }, () => pool.connect()));
  for (const client of idle) client.release(true);
  return idle.length;
}

/** The `pg.Pool` behind a Postgres DataSource, when it has one. */
export function poolOf(dataSource: DataSource): pg.Pool | undefined {
  const master = (dataSource.driver as { master?: unknown }).master;
  return master && typeof (master as pg.Pool).idleCount === 'number' ? (master as pg.Pool) : undefined;
}
