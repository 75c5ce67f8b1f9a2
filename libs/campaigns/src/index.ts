export { CampaignsModule } from './campaigns.module.js';
export { CampaignsCoreModule } from './campaigns-core.module.js';
export { CampaignsService } from './campaigns.service.js';
export type { CampaignAction } from './campaigns.service.js';
export { CampaignLeasesService } from './campaign-leases.service.js';
export { CAMPAIGN_STATUSES } from './campaign.entity.js';
export type { Campaign, CampaignStatus } from './campaign.entity.js';
export type { CampaignContact, CampaignContactState } from './campaign-contact.entity.js';
export { campaignsConfig } from './campaigns.config.js';
