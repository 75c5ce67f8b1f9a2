import type { ConfigType } from '@nestjs/config';
import { appConfig } from '#switchboard/config';
import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { rotatingPasswordClient, type DatabasePassword } from './connection/database-password.js';
import { databaseTls } from './connection/database-tls.js';
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

export interface ConnectionOptions {
  /** Connections in the pool (the migrate function and the CLI need one). */
  poolSize?: number;
  /** A password that can rotate while the process runs (the Lambdas'). */
  password?: DatabasePassword | null;
}

/**
 * TypeORM's options for Switchboard's one DataSource per process: the server's,
 * each Lambda's, the migrate function's and the migration CLI's. Entities come
 * from the feature modules (`autoLoadEntities`) or the caller.
 */
export function dataSourceOptions(url: string, db: DatabaseConfig, connection: ConnectionOptions = {}): DataSourceOptions {
  return {
    type: 'postgres',
    // Passed rather than left to TypeORM's runtime `require(name)`, which a
    // bundle (a Lambda function) cannot satisfy: it has no node_modules.
    driver: pg,
    url,
    // Verified against the RDS and RDS Proxy certificate authorities (issue 23), never just encrypted.
    ssl: db.ssl ? databaseTls() : false,
    synchronize: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // gen_random_uuid() is built into Postgres 13+: no extension to create at
    // connect, which behind RDS Proxy would need rights the app user lacks.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    poolSize: connection.poolSize ?? db.poolSize,
    extra: {
      connectionTimeoutMillis: db.connectTimeoutMs,
      // RDS Proxy pins a session that changes its state and rejects startup
      // parameters such as statement_timeout (docs/lambda.md): behind it the
      // timeout comes from the proxy's init query and the client only stops waiting.
      ...(db.proxy ? { query_timeout: db.statementTimeoutMs + 1000 } : { statement_timeout: db.statementTimeoutMs, application_name: 'switchboard' }),
      // Idle clients are closed before a proxy or NAT would silently drop them.
      idleTimeoutMillis: 30_000,
      ...(connection.password ? { Client: rotatingPasswordClient(connection.password) } : {}),
    },
  };
}
