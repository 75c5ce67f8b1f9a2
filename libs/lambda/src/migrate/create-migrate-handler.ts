import { appConfig, type ConfigType } from '#switchboard/config';
import { databaseConfig, migrateDatabase, resolveDatabaseUrl } from '#switchboard/database';
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
 * moves to a new version; running it again is a no-op. It connects directly
 * (no pool to keep) and closes the connection before returning.
 */
export function createMigrateHandler(): (event: unknown, context: LambdaContext) => Promise<MigrateResult> {
  return (_event, context) =>
    withInvocation('migrate', context, undefined, async () => {
      await prepareLambdaEnvironment();
      const db: ConfigType<typeof databaseConfig> = databaseConfig();
      const app: ConfigType<typeof appConfig> = appConfig();
      const names = await migrateDatabase(await resolveDatabaseUrl(db, app), db);
      lambdaLogger.info(names.length ? `Applied ${names.length} migration(s)` : 'Database schema up to date', { applied: names });
      return { applied: names };
    });
}
