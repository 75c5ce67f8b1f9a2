import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CallsCoreModule } from '#switchboard/calls';
import { CampaignsCoreModule } from '#switchboard/campaigns';
import { ReportsController } from './reports.controller.js';
import { reportsConfig } from './reports.config.js';
import { ReportsService } from './reports.service.js';

/** Campaign and agent reports (`/v1/reports`), read through the calls lib's repository and the cache. */
@Module({
  imports: [CallsCoreModule, CampaignsCoreModule, ConfigModule.forFeature(reportsConfig)],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
