import { type DynamicModule, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { appConfig } from '#switchboard/config';
import { databaseConfig } from './database.config.js';
import { resolveDatabaseUrl } from './data-source-options.js';
import { stopEmbeddedPostgres } from './embedded/embedded-postgres.js';
import type { MigrateDatabase } from './migrations/migrate-database.js';
import { Database } from './sql/database.js';
import { createPool, DatabasePassword } from './sql/database-password.js';
import { poolConfig } from './sql/pool-config.js';

export interface DatabaseModuleOptions {
  /**
   * Brings the schema up before the pool serves (the one-process server, tests:
   * pass `migrateDatabase`). Lambdas leave it out: the migrate function runs
   * before traffic moves, and TypeORM's runner stays out of their bundles.
   */
  migrate?: MigrateDatabase;
}

/** Ends the pool, then stops the embedded Postgres if this process started one. */
class DatabaseShutdown implements OnApplicationShutdown {
  constructor(@Inject(Database) private readonly database: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.pool.end();
    await stopEmbeddedPostgres();
  }
}

/** Postgres through a `pg` pool, exported as `Database` to every feature. */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions = {}): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [ConfigModule.forFeature(databaseConfig)],
      providers: [
        {
          provide: Database,
          inject: [databaseConfig.KEY, appConfig.KEY, { token: DatabasePassword, optional: true }],
          useFactory: async (db: ConfigType<typeof databaseConfig>, app: ConfigType<typeof appConfig>, password?: DatabasePassword | null) => {
            const url = await resolveDatabaseUrl(db, app);
            await options.migrate?.(url, db);
            const pool = createPool(poolConfig(url, db), password);
            // An idle client whose server went away emits 'error'; unhandled, it
            // would end the process. The pool drops it and the next query reconnects.
            pool.on('error', (err) => new Logger('Database').warn(`Idle database connection lost: ${err.message}`));
            return new Database(pool);
          },
        },
        DatabaseShutdown,
      ],
      exports: [Database],
    };
  }
}
