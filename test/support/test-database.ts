import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server tests create their databases on; the machine's Postgres by default. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Whether a Postgres server accepts a connection at `url` within `timeoutMs`. */
export async function reachable(url: string, timeoutMs = 1500): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let serverUrl: Promise<string> | undefined;

/** The machine's Postgres, or an embedded one when none is reachable. */
function testServer(): Promise<string> {
  serverUrl ??= (async () => {
    if (await reachable(TEST_SERVER_URL)) return TEST_SERVER_URL;
    const { startEmbeddedPostgres } = await import('../../libs/database/src/embedded/embedded-postgres.js');
    const embedded = await startEmbeddedPostgres('.data/test', 5489);
    return embedded.url.replace(/\/switchboard$/, '/postgres');
  })();
  return serverUrl;
}

/** A fresh, empty database for one test file; `drop()` removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = await testServer();
  const name = `sb_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The database settings a spec that builds its own DataSource passes to `dataSourceOptions` (the server's defaults). */
export function testDatabaseSettings(overrides: { poolSize?: number; proxy?: boolean } = {}) {
  return { url: undefined, poolSize: 2, ssl: false, statementTimeoutMs: 10_000, connectTimeoutMs: 3_000, proxy: false, embeddedPort: undefined, ...overrides };
}
