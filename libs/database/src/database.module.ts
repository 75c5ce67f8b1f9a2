import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { appConfig } from '@switchboard/config';
import { databaseConfig } from './database.config.js';
import { dataSourceOptions, resolveDatabaseUrl } from './data-source-options.js';
import { stopEmbeddedPostgres } from './embedded/embedded-postgres.js';

export interface DatabaseModuleOptions {
  /** Apply pending migrations at start (the one-process server); Lambdas use the migrate function. */
  runMigrations?: boolean;
}

class EmbeddedPostgresShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await stopEmbeddedPostgres();
  }
}

/** TypeORM on Postgres (`pg`), with `autoLoadEntities` from each feature's `forFeature`. */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions = {}): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        ConfigModule.forFeature(databaseConfig),
        TypeOrmModule.forRootAsync({
          imports: [ConfigModule.forFeature(databaseConfig)],
          inject: [databaseConfig.KEY, appConfig.KEY],
          useFactory: async (db: ConfigType<typeof databaseConfig>, app: ConfigType<typeof appConfig>) => ({
            ...dataSourceOptions(await resolveDatabaseUrl(db, app), db),
            autoLoadEntities: true,
            migrationsRun: options.runMigrations ?? false,
            logging: ['error', 'migration'],
            // Fail fast instead of retrying for half a minute: the health check and
            // the orchestrator decide what to do with a database that is down.
            retryAttempts: 0,
          }),
        }),
      ],
      providers: [EmbeddedPostgresShutdown],
      exports: [TypeOrmModule],
    };
  }
}

