import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CampaignLeasesService } from './campaign-leases.service.js';
import { campaignsConfig } from './campaigns.config.js';
import { CampaignsService } from './campaigns.service.js';

/**
 * Campaigns' services for other features (calls close leases, reports check the
 * campaign): no routes, so importing it mounts nothing of `/v1/campaigns`.
 */
@Module({
  imports: [ConfigModule.forFeature(campaignsConfig)],
  providers: [CampaignsService, CampaignLeasesService],
  exports: [CampaignsService, CampaignLeasesService],
})
export class CampaignsCoreModule {}
