import { Injectable } from '@nestjs/common';
import { Clock } from '#switchboard/common';
import { TenantSettingsService } from '#switchboard/tenants';
import { zonesInHours } from './calling-hours.js';
import { CampaignContactsRepository } from './campaign-contacts.repository.js';
import { CampaignCompletedError } from './campaigns.errors.js';
import { CampaignsService } from './campaigns.service.js';
import type { AddCampaignContactsResultDto } from './dto/add-campaign-contacts.dto.js';
import type { CampaignProgressDto } from './dto/campaign-progress.dto.js';

@Injectable()
export class CampaignContactsService {
  constructor(
    private readonly campaignContacts: CampaignContactsRepository,
    private readonly campaigns: CampaignsService,
    private readonly tenantSettings: TenantSettingsService,
    private readonly clock: Clock,
  ) {}

  /** The campaign's contacts counted by state now, with those outside their calling hours. */
  async progress(tenantId: string, campaignId: string): Promise<CampaignProgressDto> {
    const [campaign, legal] = await Promise.all([this.campaigns.find(tenantId, campaignId), this.tenantSettings.callingHours(tenantId)]);
    const zones = zonesInHours(campaign.timeZones, this.clock.now(), { start: campaign.windowStart, end: campaign.windowEnd }, legal);
    return this.campaignContacts.progress(tenantId, campaignId, this.clock.databaseNow(), zones);
  }

  /**
   * Adds contacts to a campaign in one statement. Only live contacts of the same
   * tenant that may be called are added; everything else (unknown, another
   * tenant's, deleted, do_not_call, already in, repeated in the request) is skipped.
   */
  async add(tenantId: string, campaignId: string, contactIds: string[]): Promise<AddCampaignContactsResultDto> {
    const campaign = await this.campaigns.find(tenantId, campaignId);
    if (campaign.status === 'completed') throw new CampaignCompletedError();
    const unique = [...new Set(contactIds.map((id) => id.toLowerCase()))];
    const added = await this.campaignContacts.addPending(tenantId, campaignId, unique, campaign.timezone, this.clock.now());
    return { added, skipped: contactIds.length - added };
  }
}
