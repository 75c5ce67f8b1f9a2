import { Injectable } from '@nestjs/common';
import { Clock, NotFoundError, type Page } from '#switchboard/common';
import { CampaignContactsRepository, type CallbackFilter, type CallbackRow } from './campaign-contacts.repository.js';
import { CampaignsService } from './campaigns.service.js';
import { callbackId, callbacksCursor, parseCallbackId, parseCallbacksCursor, type CallbackDto } from './dto/callback.dto.js';
import { isUuid } from './uuid.js';

export class CallbackNotFoundError extends NotFoundError {
  constructor() {
    super('Callback');
  }
}

const toDto = (r: CallbackRow): CallbackDto => ({ id: callbackId(r.campaignId, r.contactId), ...r, at: new Date(r.at).toISOString() });

/** Scheduled callbacks: an agent's own, a supervisor's view per campaign or agent, and reassignment. */
@Injectable()
export class CallbacksService {
  constructor(
    private readonly campaignContacts: CampaignContactsRepository,
    private readonly campaigns: CampaignsService,
    private readonly clock: Clock,
  ) {}

  async list(tenantId: string, filter: CallbackFilter, limit: number, cursor?: string): Promise<Page<CallbackDto>> {
    const rows = await this.campaignContacts.callbacks(tenantId, filter, limit, cursor ? parseCallbacksCursor(cursor) : undefined);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(toDto), nextCursor: rows.length > limit && last ? callbacksCursor(last) : null };
  }

  async reassign(tenantId: string, id: string, owner: string | null): Promise<CallbackDto> {
    const key = parseCallbackId(id);
    if (!key || !isUuid(key.campaignId) || !isUuid(key.contactId)) throw new CallbackNotFoundError();
    const campaign = await this.campaigns.find(tenantId, key.campaignId).catch(() => {
      throw new CallbackNotFoundError();
    });
    const row = await this.campaignContacts.reassignCallback(tenantId, key.campaignId, key.contactId, owner, campaign.callbackGraceMinutes, this.clock.now());
    if (!row) throw new CallbackNotFoundError();
    return toDto(row);
  }
}
