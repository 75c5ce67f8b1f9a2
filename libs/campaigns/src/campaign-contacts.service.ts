import { Injectable } from '@nestjs/common';
import { Clock } from '#switchboard/common';
import { zonesInHours } from './calling-hours.js';
import { CampaignContactsRepository } from './campaign-contacts.repository.js';
import { CampaignCompletedError } from './campaigns.errors.js';
import { CampaignsService } from './campaigns.service.js';
import type { AddCampaignContactsDto, AddCampaignContactsResultDto } from './dto/add-campaign-contacts.dto.js';
import { toCampaignContactDto, type CampaignContactDto, type ListCampaignContactsQueryDto } from './dto/campaign-contact.dto.js';
import { decodeCursor, NotFoundError, toPage, type Page } from '#switchboard/common';

const MAX_BY_FILTER = 10_000;
import type { CampaignProgressDto } from './dto/campaign-progress.dto.js';

@Injectable()
export class CampaignContactsService {
  constructor(
    private readonly campaignContacts: CampaignContactsRepository,
    private readonly campaigns: CampaignsService,
    private readonly clock: Clock,
  ) {}

  /** One page of the campaign's contacts with their state, attempts, last disposition and next attempt. */
  async list(tenantId: string, campaignId: string, query: ListCampaignContactsQueryDto): Promise<Page<CampaignContactDto>> {
    await this.campaigns.find(tenantId, campaignId);
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.campaignContacts.page(tenantId, campaignId, query.state, query.limit, cursor);
    return toPage(
      rows.map((r) => Object.assign(r, { id: r.contactId })),
      query.limit,
      toCampaignContactDto,
    );
  }

  /** Removes a contact from the campaign (404 when it is not in it). */
  async remove(tenantId: string, campaignId: string, contactId: string): Promise<void> {
    await this.campaigns.find(tenantId, campaignId);
    if (!(await this.campaignContacts.remove(tenantId, campaignId, contactId))) throw new NotFoundError('Campaign contact');
  }

  /** Done or exhausted contacts with those last dispositions back to pending, attempts reset. */
  async reset(tenantId: string, campaignId: string, dispositions: string[]): Promise<{ reset: number }> {
    const campaign = await this.campaigns.find(tenantId, campaignId);
    if (campaign.status === 'completed') throw new CampaignCompletedError();
    return { reset: await this.campaignContacts.reset(tenantId, campaignId, dispositions, this.clock.now()) };
  }

  /** The campaign's contacts counted by state now, with those outside their calling hours. */
  async progress(tenantId: string, campaignId: string): Promise<CampaignProgressDto> {
    const { campaign, legal } = await this.campaigns.findWithCallingHours(tenantId, campaignId);
    const zones = zonesInHours(campaign.timeZones, this.clock.now(), { start: campaign.windowStart, end: campaign.windowEnd }, legal);
    return this.campaignContacts.progress(tenantId, campaignId, this.clock.databaseNow(), zones);
  }

  /**
   * Adds contacts to a campaign in one statement. Only live contacts of the same
   * tenant that may be called are added; everything else (unknown, another
   * tenant's, deleted, do_not_call, already in, repeated in the request) is skipped.
   */
  async add(tenantId: string, campaignId: string, dto: AddCampaignContactsDto): Promise<AddCampaignContactsResultDto> {
    const campaign = await this.campaigns.find(tenantId, campaignId);
    if (campaign.status === 'completed') throw new CampaignCompletedError();
    if (!dto.contactIds) {
      const added = await this.campaignContacts.addPendingByFilter(tenantId, campaignId, dto.filter ?? {}, MAX_BY_FILTER, campaign.timezone, this.clock.now());
      return { added, skipped: 0 };
    }
    const contactIds = dto.contactIds;
    const unique = [...new Set(contactIds.map((id) => id.toLowerCase()))];
    const added = await this.campaignContacts.addPending(tenantId, campaignId, unique, campaign.timezone, this.clock.now());
    return { added, skipped: contactIds.length - added };
  }
}
