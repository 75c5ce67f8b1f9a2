import type { ConfigType } from '@nestjs/config';
import type { PoolConfig } from 'pg';
import type { databaseConfig } from '../database.config.js';

type DatabaseConfig = ConfigType<typeof databaseConfig>;

/**
 * The pool the services share (the server, each Lambda). RDS Proxy pins a
 * session that changes its state and rejects startup parameters such as
 * `statement_timeout` (docs/lambda.md): behind it the timeout comes from the
 * proxy's init query and the client only stops waiting.
 */
export function poolConfig(url: string, db: DatabaseConfig): PoolConfig {
  return {
    connectionString: url,
    ssl: db.ssl ? { rejectUnauthorized: false } : false,
    max: db.poolSize,
    connectionTimeoutMillis: db.connectTimeoutMs,
    ...(db.proxy ? { query_timeout: db.statementTimeoutMs + 1000 } : { statement_timeout: db.statementTimeoutMs, application_name: 'switchboard' }),
    // Idle clients are closed before a proxy or NAT would silently drop them.
    idleTimeoutMillis: 30_000,
  };
}
