import { Injectable } from '@nestjs/common';
import { CampaignLeasesService } from '#switchboard/campaigns';
import { ContactsService } from '#switchboard/contacts';
import type { Queryable } from '#switchboard/database';
import { type CallDisposition, contactStatusAfter } from './call-disposition.js';

/**
 * What a finished call changes beyond itself, shared by `POST /v1/calls` and the
 * call-events consumer so both apply the same rules, inside the caller's transaction.
 */
@Injectable()
export class CallOutcomeService {
  constructor(
    private readonly contacts: ContactsService,
    private readonly leases: CampaignLeasesService,
  ) {}

  /**
   * The contact's status follows the disposition; the campaign contact becomes done,
   * or pending again on callback. Returns false (and changes nothing) when the
   * tenant has no such contact.
   */
  async apply(tx: Queryable, tenantId: string, contactId: string, campaignId: string | null, disposition: CallDisposition): Promise<boolean> {
    const found = await this.contacts.applyCallOutcome(tx, tenantId, contactId, contactStatusAfter(disposition));
    if (!found) return false;
    if (campaignId) await this.leases.completeForCall(tx, tenantId, campaignId, contactId, { requeue: disposition === 'callback' });
    return true;
  }
}
