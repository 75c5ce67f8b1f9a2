import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AgentsCoreModule } from '#switchboard/agents';
import { CallsCoreModule } from '#switchboard/calls';
import { CampaignsCoreModule } from '#switchboard/campaigns';
import { ReportsController } from './reports.controller.js';
import { reportsConfig } from './reports.config.js';
import { ReportsService } from './reports.service.js';

/** Campaign and agent reports (`/v1/reports`), read through the calls lib's repository and the cache, and the agents lib's state history. */
@Module({
  imports: [CallsCoreModule, CampaignsCoreModule, AgentsCoreModule, ConfigModule.forFeature(reportsConfig)],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
