import type { ConfigType } from '@nestjs/config';
import { appConfig } from '#switchboard/config';
import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import type { databaseConfig } from './database.config.js';
import { startEmbeddedPostgres } from './embedded/embedded-postgres.js';
import { MIGRATIONS } from './migrations/index.js';

type DatabaseConfig = ConfigType<typeof databaseConfig>;
type AppConfig = ConfigType<typeof appConfig>;

const DEFAULT_EMBEDDED_PORT = 5488;

/** The URL to connect to: the configured one, or a started embedded Postgres. */
export async function resolveDatabaseUrl(db: DatabaseConfig, app: Pick<AppConfig, 'dataDir'>): Promise<string> {
  if (db.url) return db.url;
  const embedded = await startEmbeddedPostgres(app.dataDir, db.embeddedPort ?? DEFAULT_EMBEDDED_PORT);
  return embedded.url;
}

/**
 * TypeORM's connection options, for what TypeORM still does: apply the
 * migrations (`migrateDatabase`, the migrate function, the migration CLI).
 * The services' pool is `poolConfig`.
 */
export function dataSourceOptions(url: string, db: DatabaseConfig): DataSourceOptions {
  return {
    type: 'postgres',
    // Passed rather than left to TypeORM's runtime `require(name)`, which a
    // bundle (a Lambda function) cannot satisfy: it has no node_modules.
    driver: pg,
    url,
    ssl: db.ssl ? { rejectUnauthorized: false } : false,
    synchronize: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // RDS Proxy pins a session that changes its state, and rejects startup
    // parameters such as statement_timeout (docs/lambda.md): behind it the
    // timeout comes from the proxy's init query, the client only stops waiting,
    // and no extension is created at connect.
    ...(db.proxy ? { installExtensions: false } : {}),
    extra: {
      max: 1,
      connectionTimeoutMillis: db.connectTimeoutMs,
      ...(db.proxy
        ? { query_timeout: db.statementTimeoutMs + 1000 }
        : { statement_timeout: db.statementTimeoutMs, application_name: 'switchboard' }),
      // Idle clients are closed before a proxy or NAT would silently drop them.
      idleTimeoutMillis: 30_000,
    },
  };
}
