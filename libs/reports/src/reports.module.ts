import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CampaignsCoreModule } from '#switchboard/campaigns';
import { ReportsController } from './reports.controller.js';
import { reportsConfig } from './reports.config.js';
import { ReportsService } from './reports.service.js';

/** Campaign and agent reports (`/v1/reports`), read from the calls table through the cache. */
@Module({
  imports: [CampaignsCoreModule, ConfigModule.forFeature(reportsConfig)],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
