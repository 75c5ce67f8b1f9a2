import { Module } from '@nestjs/common';
import { DevIssuerModule } from '#switchboard/auth';
import { LoggingModule } from '#switchboard/common';
import { migrateDatabase } from '#switchboard/database';
import { PlatformModule } from '#switchboard/platform';
import { registeredModules } from './feature-modules.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { WebConsoleModule } from './web/web-console.module.js';

/** The one-process server: shared plumbing, every module in the registry, and the console at `/`. */
@Module({
  imports: [
    PlatformModule.forRoot({ logging: LoggingModule, devIssuer: DevIssuerModule, migrate: migrateDatabase }),
    HealthModule,
    MetricsModule,
    ...registeredModules(),
    WebConsoleModule.forRoot(),
  ],
})
export class AppModule {}
