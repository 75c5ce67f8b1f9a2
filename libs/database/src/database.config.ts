import { bool, defineConfig, int, setting, url } from '#switchboard/config';

export const databaseConfig = defineConfig('database', {
  /** Undefined outside production when unset: an embedded Postgres is started. */
  url: setting('DATABASE_URL', url(['postgres', 'postgresql']).optional()),
  poolSize: setting('DATABASE_POOL_SIZE', int(1, 200)),
  ssl: setting('DATABASE_SSL', bool()),
  statementTimeoutMs: setting('DATABASE_STATEMENT_TIMEOUT_MS', int(100, 600000)),
  connectTimeoutMs: setting('DATABASE_CONNECT_TIMEOUT_MS', int(100, 60000)),
  /** Connecting through RDS Proxy: nothing that would pin the session. */
  proxy: setting('DATABASE_PROXY', bool()),
  embeddedPort: setting('EMBEDDED_POSTGRES_PORT', int(1024, 32767).optional()),
});
