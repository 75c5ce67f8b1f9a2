import { appConfig, type ConfigType } from '#switchboard/config';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import {
  closeIdleConnections,
  databaseConfig,
  dataSourceOptions,
  ensureAppLogin,
  migrateDatabase,
  poolOf,
  resolveDatabaseUrl,
  type AppLogin,
} from '#switchboard/database';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { prepareLambdaEnvironment } from '../bootstrap/lambda-environment.js';
import type { LambdaContext } from '../lambda-types.js';
import { withInvocation } from '../observability/invocation.js';
import { lambdaLogger } from '../observability/powertools.js';
import { parseObject } from '../settings/load-settings.js';

/**
 * A statement of a migration (an index on a large table, a backfill) may run
 * this long: under the function's 5-minute timeout (deploy/lib/stacks/api-stack.ts),
 * far over the 10 s the proxy's init query gives the API's statements.
 */
export const MIGRATION_STATEMENT_TIMEOUT_MS = 4 * 60_000;

/** What the deploy step that invokes the migrate function gets back. */
export interface MigrateResult {
  /** Names of the migrations applied by this invocation, oldest first (empty when up to date). */
  applied: string[];
  /** The app's database login that was created or updated (DATABASE_APP_SECRET_ARN), if the deploy names one. */
  appLogin?: string;
}

/** The app's login from its RDS-style secret (username, password). */
async function readAppLogin(arn: string): Promise<AppLogin> {
  const raw = await getSecret(arn, { forceFetch: true });
  const secret = typeof raw === 'string' ? parseObject(raw) : undefined;
  if (typeof secret?.username !== 'string' || typeof secret.password !== 'string') {
    throw new Error(`The app database secret ${arn} must be JSON with username and password`);
  }
  return { username: secret.username, password: secret.password };
}

/**
 * The migrate function's DataSource: one connection, whose statements may run
 * for MIGRATION_STATEMENT_TIMEOUT_MS instead of the API's statement timeout.
 * Behind RDS Proxy the timeout comes from the proxy's init query, so each
 * connection sets its own: the `SET` pins that proxy session, which costs one
 * proxy connection for the length of the run (it closes before the function returns).
 */
export async function createMigrationDataSource(url: string, db: ConfigType<typeof databaseConfig>): Promise<DataSource> {
  const options = dataSourceOptions(url, db, { poolSize: 1 });
  const extra: Record<string, unknown> = { ...(options.extra as Record<string, unknown>), query_timeout: MIGRATION_STATEMENT_TIMEOUT_MS + 1000 };
  if (!db.proxy) extra.statement_timeout = MIGRATION_STATEMENT_TIMEOUT_MS;
  const dataSource = await new DataSource({ ...options, extra }).initialize();
  if (db.proxy) {
    // pg runs a query queued on `connect` before the one the checkout was for.
    poolOf(dataSource)?.on('connect', (client: pg.PoolClient) => {
      client.query(`SET statement_timeout = ${MIGRATION_STATEMENT_TIMEOUT_MS}`).catch(() => undefined);
    });
    // The connection initialize() opened predates the hook.
    await closeIdleConnections(dataSource);
  }
  return dataSource;
}

/**
 * Applies the compiled migrations (the explicit MIGRATIONS list, no path
 * globs), each in its own transaction, under the migration advisory lock
 * (`migrateDatabase`), so a manual invocation during a deploy's waits rather
 * than applying anything twice; then creates or updates the app's own database
 * login (DATABASE_APP_SECRET_ARN) with the privileges on the tables that now
 * exist. The pipeline invokes it before traffic moves to a new version;
 * running it again changes nothing. Its connections close before it returns.
 */
export function createMigrateHandler(): (event: unknown, context: LambdaContext) => Promise<MigrateResult> {
  return (_event, context) =>
    withInvocation('migrate', context, undefined, async () => {
      await prepareLambdaEnvironment();
      const db: ConfigType<typeof databaseConfig> = databaseConfig();
      const app: ConfigType<typeof appConfig> = appConfig();
      const dataSource = await createMigrationDataSource(await resolveDatabaseUrl(db, app), db);
      const appSecretArn = process.env.DATABASE_APP_SECRET_ARN;
      const { names, appLogin } = await (async () => {
        const applied = await migrateDatabase(dataSource);
        // The app connects as its own login with only what it needs; this function alone holds the master secret.
        if (!appSecretArn) return { names: applied, appLogin: undefined };
        const login = await readAppLogin(appSecretArn);
        await ensureAppLogin(dataSource, login);
        return { names: applied, appLogin: login.username };
      })().finally(() => dataSource.destroy());
      lambdaLogger.info(names.length ? `Applied ${names.length} migration(s)` : 'Database schema up to date', { applied: names, appLogin });
      return { applied: names, ...(appLogin ? { appLogin } : {}) };
    });
}
