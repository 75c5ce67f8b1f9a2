import { appConfig, type ConfigType } from '#switchboard/config';
import { databaseConfig, dataSourceOptions, migrateDatabase, resolveDatabaseUrl } from '#switchboard/database';
import { DataSource } from 'typeorm';
import { prepareLambdaEnvironment } from '../bootstrap/lambda-environment.js';
import type { LambdaContext } from '../lambda-types.js';
import { withInvocation } from '../observability/invocation.js';
import { lambdaLogger } from '../observability/powertools.js';

/** What the deploy step that invokes the migrate function gets back. */
export interface MigrateResult {
  /** Names of the migrations applied by this invocation, oldest first (empty when up to date). */
  applied: string[];
}

/**
 * Applies the compiled migrations (the explicit MIGRATIONS list, no path
 * globs), each in its own transaction. The pipeline invokes it before traffic
 * moves to a new version; running it again is a no-op. It opens one
 * connection and closes it before returning.
 */
export function createMigrateHandler(): (event: unknown, context: LambdaContext) => Promise<MigrateResult> {
  return (_event, context) =>
    withInvocation('migrate', context, undefined, async () => {
      await prepareLambdaEnvironment();
      const db: ConfigType<typeof databaseConfig> = databaseConfig();
      const app: ConfigType<typeof appConfig> = appConfig();
      const dataSource = await new DataSource(dataSourceOptions(await resolveDatabaseUrl(db, app), db, { poolSize: 1 })).initialize();
      const names = await migrateDatabase(dataSource).finally(() => dataSource.destroy());
      lambdaLogger.info(names.length ? `Applied ${names.length} migration(s)` : 'Database schema up to date', { applied: names });
      return { applied: names };
    });
}
