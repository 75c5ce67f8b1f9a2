import { type DynamicModule, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { appConfig } from '#switchboard/config';
import { DataSource } from 'typeorm';
import { DatabasePassword } from './connection/database-password.js';
import { dataSourceOptions, resolveDatabaseUrl } from './data-source-options.js';
import { databaseConfig } from './database.config.js';
import { stopEmbeddedPostgres } from './embedded/embedded-postgres.js';
import type { MigrateDatabase } from './migrations/migrate-database.js';

export interface DatabaseModuleOptions {
  /**
   * Brings the schema up before the DataSource serves (the one-process server,
   * tests: pass `migrateDatabase`). Lambdas leave it out: the migrate function
   * runs before traffic moves.
   */
  migrate?: MigrateDatabase;
}

/**
 * Closes the DataSource, then stops the embedded Postgres if this process
 * started one. TypeORM's module closes the DataSource in a shutdown hook of its
 * own, but both modules are global, so Nest's order between the two hooks is
 * not guaranteed; TypeORM's skips a DataSource already closed.
 */
@Injectable()
class DatabaseShutdown implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await stopEmbeddedPostgres();
  }
}

/**
 * Postgres through TypeORM: one DataSource and one pool per process, entities
 * from each feature's `TypeOrmModule.forFeature([...])` (`autoLoadEntities`).
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions = {}): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          imports: [ConfigModule.forFeature(databaseConfig)],
          inject: [databaseConfig.KEY, appConfig.KEY, { token: DatabasePassword, optional: true }],
          useFactory: async (db: ConfigType<typeof databaseConfig>, app: ConfigType<typeof appConfig>, password?: DatabasePassword | null) => ({
            ...dataSourceOptions(await resolveDatabaseUrl(db, app), db, { password }),
            autoLoadEntities: true,
            // A start that finds the database down fails at once and says so
            // (the readiness probe and the orchestrator retry), rather than
            // retrying silently for half a minute.
            retryAttempts: 0,
          }),
          dataSourceFactory: async (dsOptions) => {
            const dataSource = await new DataSource(dsOptions!).initialize();
            const applied = (await options.migrate?.(dataSource)) ?? [];
            if (applied.length) new Logger('Database').log(`Applied ${applied.length} migration(s): ${applied.join(', ')}`);
            return dataSource;
          },
        }),
      ],
      providers: [DatabaseShutdown],
    };
  }
}
