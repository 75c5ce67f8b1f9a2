import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CampaignContact } from './campaign-contact.entity.js';
import { Campaign } from './campaign.entity.js';
import { CampaignLeasesService } from './campaign-leases.service.js';
import { campaignsConfig } from './campaigns.config.js';
import { CampaignsService } from './campaigns.service.js';

/**
 * Campaigns' services for other features (calls close leases, reports check the
 * campaign): no routes, so importing it mounts nothing of `/v1/campaigns`.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Campaign, CampaignContact]), ConfigModule.forFeature(campaignsConfig)],
  providers: [CampaignsService, CampaignLeasesService],
  exports: [CampaignsService, CampaignLeasesService],
})
export class CampaignsCoreModule {}
