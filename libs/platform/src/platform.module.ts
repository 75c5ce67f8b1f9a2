import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { AgentsDataModule } from '#switchboard/agents';
import { AuthModule } from '#switchboard/auth';
import { CacheModule } from '#switchboard/cache';
import { CommonModule } from '#switchboard/common';
import { AppConfigModule } from '#switchboard/config';
import { DatabaseModule, type MigrateDatabase } from '#switchboard/database';
import { QueueModule } from '#switchboard/queue';

export interface PlatformOptions {
  /**
   * The global module that provides the RootLogger: LoggingModule (pino) in the
   * one-process server, the Powertools one in each Lambda. Given by the caller
   * so that a Lambda bundle does not carry pino.
   */
  logging: Type;
  /** DevIssuerModule in the one-process server and tests, where tokens may come from the dev issuer; never in a Lambda. */
  devIssuer?: Type;
  /** Apply pending migrations at start (one-process server, tests: `migrateDatabase`). */
  migrate?: MigrateDatabase;
}

/**
 * The shared plumbing every topology boots with: config, logs, HTTP conventions,
 * database, cache, queues and identity. The one-process server adds every feature
 * module to it; each Lambda and each feature's e2e test adds just one.
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [
        AppConfigModule,
        options.logging,
        CommonModule,
        DatabaseModule.forRoot({ migrate: options.migrate }),
        CacheModule,
        QueueModule,
        AuthModule,
        AgentsDataModule,
        ...(options.devIssuer ? [options.devIssuer] : []),
      ],
    };
  }
}
