import { Module } from '@nestjs/common';
import { PlatformModule } from '@switchboard/platform';
import { registeredModules } from './feature-modules.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';

/** The one-process server: shared plumbing plus every module in the registry. */
@Module({
  imports: [PlatformModule.forRoot({ runMigrations: true }), HealthModule, MetricsModule, ...registeredModules()],
})
export class AppModule {}
