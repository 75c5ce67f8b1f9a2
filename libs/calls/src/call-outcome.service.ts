import { Injectable } from '@nestjs/common';
import { type CallbackRequest, CampaignLeasesService } from '#switchboard/campaigns';
import { Clock } from '#switchboard/common';
import { ContactsRepository } from '#switchboard/contacts';
import type { EntityManager } from 'typeorm';
import { type CallDisposition, contactStatusAfter } from './call-disposition.js';

/**
 * What a finished call changes beyond itself, shared by `POST /v1/calls` and the
 * call-events consumer so both apply the same rules, inside the caller's transaction.
 */
@Injectable()
export class CallOutcomeService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly campaignLeases: CampaignLeasesService,
    private readonly clock: Clock,
  ) {}

  /**
   * The contact's status follows the disposition; the campaign contact becomes done,
   * or pending again on callback. Returns false (and changes nothing) when the
   * tenant has no such contact.
   */
  async apply(
    manager: EntityManager,
    tenantId: string,
    contactId: string,
    campaignId: string | null,
    disposition: CallDisposition,
    agentId: string | null = null,
    callback?: CallbackRequest,
  ): Promise<boolean> {
    const now = this.clock.now();
    const found = await this.contacts.setStatus(tenantId, contactId, contactStatusAfter(disposition), now, manager);
    if (!found) return false;
    // Only the lease holder (or anyone once the lease expired) settles a leased campaign contact.
    if (campaignId) await this.campaignLeases.completeForCall(tenantId, campaignId, contactId, { agentId, disposition, callback }, manager);
    return true;
  }
}
