export { CampaignsModule } from './campaigns.module.js';
export { CampaignsService } from './campaigns.service.js';
export type { CampaignAction } from './campaigns.service.js';
export { CampaignLeasesService } from './campaign-leases.service.js';
export { Campaign, CAMPAIGN_STATUSES } from './campaign.entity.js';
export type { CampaignStatus } from './campaign.entity.js';
export { CampaignContact } from './campaign-contact.entity.js';
export type { CampaignContactState } from './campaign-contact.entity.js';
export { campaignsConfig } from './campaigns.config.js';
