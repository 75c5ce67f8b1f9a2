import { Module } from '@nestjs/common';
import { CallbacksController } from './callbacks.controller.js';
import { CallbacksService } from './callbacks.service.js';
import { CampaignActionsController } from './campaign-actions.controller.js';
import { CampaignContactsController } from './campaign-contacts.controller.js';
import { CampaignContactsService } from './campaign-contacts.service.js';
import { CampaignsCoreModule } from './campaigns-core.module.js';
import { CampaignsController } from './campaigns.controller.js';

/**
 * The `campaigns` entry (`/v1/campaigns`): the state machine, the contacts and the
 * leases agents dial from. Other features import CampaignsCoreModule, never this.
 */
@Module({
  imports: [CampaignsCoreModule],
  controllers: [CampaignsController, CampaignActionsController, CampaignContactsController, CallbacksController],
  providers: [CampaignContactsService, CallbacksService],
  exports: [CampaignsCoreModule],
})
export class CampaignsModule {}
