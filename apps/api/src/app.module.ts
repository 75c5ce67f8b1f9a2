import { Module } from '@nestjs/common';
import { CommonModule, LoggingModule } from '@switchboard/common';
import { AppConfigModule } from '@switchboard/config';
import { DatabaseModule } from '@switchboard/database';
import { registeredModules } from './feature-modules.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';

/** The one-process server: shared plumbing plus every module in the registry. */
@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    CommonModule,
    DatabaseModule.forRoot({ runMigrations: true }),
    HealthModule,
    MetricsModule,
    ...registeredModules(),
  ],
})
export class AppModule {}
