import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '#switchboard/events';
import { AgentsCoreModule } from '#switchboard/agents';
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
 * `/v1/campaigns`. The hand-out locks and reserves the agent through the agents lib.
 */
@Module({
  imports: [ConfigModule.forFeature(campaignsConfig), TypeOrmModule.forFeature([Campaign, CampaignContact]), AgentsCoreModule, EventsModule],
  providers: [CampaignsRepository, CampaignContactsRepository, CampaignsService, CampaignLeasesService],
  exports: [CampaignsRepository, CampaignContactsRepository, CampaignsService, CampaignLeasesService],
})
export class CampaignsCoreModule {}
