import type { Pool, PoolClient, QueryResultRow } from 'pg';

/** Anything that runs SQL: the pool itself, or one transaction's client. */
export interface Queryable {
  /** The rows of one statement (`$1`… parameters), `RETURNING` rows included. */
  query<T extends QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** How many rows one statement changed, for statements whose rows nobody reads. */
  execute(sql: string, params?: unknown[]): Promise<number>;
}

/**
 * The feature services' way to Postgres: `pg` with a pool, and hand-written SQL.
 *
 * The services went through TypeORM before; they now speak `pg` directly
 * because the ORM was a fifth of every Lambda bundle and a tenth of the
 * server's CPU per request for queries that were hand-written SQL already
 * (docs/benchmarks.md). TypeORM still owns the schema: its migration runner
 * applies `MIGRATIONS` (`migrateDatabase`, the migrate function, the CLI).
 */
export class Database implements Queryable {
  constructor(readonly pool: Pool) {}

  async query<T extends QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    return (await this.pool.query<T>(sql, params)).rows;
  }

  async execute(sql: string, params?: unknown[]): Promise<number> {
    return (await this.pool.query(sql, params)).rowCount ?? 0;
  }

  /**
   * Runs `work` in one transaction on one pooled client: committed when it
   * resolves, rolled back when it throws (the error is rethrown).
   */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: unknown;
    try {
      await client.query('BEGIN');
      const result = await work(new ClientQueryable(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackErr) {
        broken = rollbackErr; // the connection is unusable: do not return it to the pool
      }
      throw err;
    } finally {
      client.release(broken instanceof Error ? broken : undefined);
    }
  }
}

class ClientQueryable implements Queryable {
  constructor(private readonly client: PoolClient) {}

  async query<T extends QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    return (await this.client.query<T>(sql, params)).rows;
  }

  async execute(sql: string, params?: unknown[]): Promise<number> {
    return (await this.client.query(sql, params)).rowCount ?? 0;
  }
}
