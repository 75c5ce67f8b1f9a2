import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Call } from '@switchboard/calls';
import { CampaignsCoreModule } from '@switchboard/campaigns';
import { ReportsController } from './reports.controller.js';
import { reportsConfig } from './reports.config.js';
import { ReportsService } from './reports.service.js';

/** Campaign and agent reports (`/v1/reports`), read from the calls table through the cache. */
@Module({
  imports: [TypeOrmModule.forFeature([Call]), CampaignsCoreModule, ConfigModule.forFeature(reportsConfig)],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
