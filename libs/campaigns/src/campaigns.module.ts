import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CampaignActionsController } from './campaign-actions.controller.js';
import { CampaignContact } from './campaign-contact.entity.js';
import { CampaignContactsController } from './campaign-contacts.controller.js';
import { CampaignContactsService } from './campaign-contacts.service.js';
import { Campaign } from './campaign.entity.js';
import { CampaignLeasesService } from './campaign-leases.service.js';
import { campaignsConfig } from './campaigns.config.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsService } from './campaigns.service.js';

/** Outbound campaigns: their state machine, their contacts and the leases agents dial from. */
@Module({
  imports: [TypeOrmModule.forFeature([Campaign, CampaignContact]), ConfigModule.forFeature(campaignsConfig)],
  controllers: [CampaignsController, CampaignActionsController, CampaignContactsController],
  providers: [CampaignsService, CampaignContactsService, CampaignLeasesService],
  exports: [CampaignsService, CampaignLeasesService],
})
export class CampaignsModule {}
