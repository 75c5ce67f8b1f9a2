import { Injectable } from '@nestjs/common';
import { Clock } from '#switchboard/common';
import { Database } from '#switchboard/database';
import { CampaignCompletedError } from './campaigns.errors.js';
import { CampaignsService } from './campaigns.service.js';
import type { AddCampaignContactsResultDto } from './dto/add-campaign-contacts.dto.js';

@Injectable()
export class CampaignContactsService {
  constructor(
    private readonly db: Database,
    private readonly campaigns: CampaignsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Adds contacts to a campaign in one statement. Only live contacts of the same
   * tenant that may be called are added; everything else (unknown, another
   * tenant's, deleted, do_not_call, already in, repeated in the request) is skipped.
   */
  async add(tenantId: string, campaignId: string, contactIds: string[]): Promise<AddCampaignContactsResultDto> {
    const campaign = await this.campaigns.find(tenantId, campaignId);
    if (campaign.status === 'completed') throw new CampaignCompletedError();
    const unique = [...new Set(contactIds.map((id) => id.toLowerCase()))];
    const added = await this.db.execute(
      `INSERT INTO campaign_contacts (campaign_id, contact_id, tenant_id, state, created_at, updated_at)
       SELECT $1, c.id, $2, 'pending', $4, $4 FROM contacts c
       WHERE c.id = ANY($3::uuid[]) AND c.tenant_id = $2 AND c.deleted_at IS NULL AND c.status <> 'do_not_call'
       ON CONFLICT (campaign_id, contact_id) DO NOTHING`,
      [campaignId, tenantId, unique, this.clock.now()],
    );
    return { added, skipped: contactIds.length - added };
  }
}
