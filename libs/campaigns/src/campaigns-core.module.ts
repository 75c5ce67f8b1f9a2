import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgentsCoreModule } from '#switchboard/agents';
import { EventsModule } from '#switchboard/events';
import { TenantsDataModule } from '#switchboard/tenants';
import { CampaignContact } from './campaign-contact.entity.js';
import { CampaignContactsRepository } from './campaign-contacts.repository.js';
import { CampaignLeasesService } from './campaign-leases.service.js';
import { Campaign } from './campaign.entity.js';
import { campaignsConfig } from './campaigns.config.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';

/**
 * Campaigns' services and repositories for other features (calls settle leases,
 * reports check the campaign): no routes, so importing it mounts nothing of
 * `/v1/campaigns`. The hand-out locks and reserves the agent through the agents lib and reads
 * the tenant's calling hours through the tenants lib.
 */
@Module({
  imports: [ConfigModule.forFeature(campaignsConfig), TypeOrmModule.forFeature([Campaign, CampaignContact]), AgentsCoreModule, TenantsDataModule, EventsModule],
  providers: [CampaignsRepository, CampaignContactsRepository, CampaignsService, CampaignLeasesService],
  exports: [CampaignsRepository, CampaignContactsRepository, CampaignsService, CampaignLeasesService, TenantsDataModule],
})
export class CampaignsCoreModule {}
