import { Injectable } from '@nestjs/common';
import { type CallbackRequest, CampaignLeasesService } from '#switchboard/campaigns';
import { Clock } from '#switchboard/common';
import { ContactsRepository, DncList, type DncOrigin, toE164 } from '#switchboard/contacts';
import type { EntityManager } from 'typeorm';
import { type CallDisposition, contactStatusAfter } from './call-disposition.js';

/** Who reported the outcome: an agent's log (`disposition`, its agent id) or the provider (`event`). */
export type OutcomeOrigin = DncOrigin & { source: 'disposition' | 'event' };

/**
 * What a finished call changes beyond itself, shared by `POST /v1/calls` and the
 * call-events consumer so both apply the same rules, inside the caller's transaction.
 */
@Injectable()
export class CallOutcomeService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly dncList: DncList,
    private readonly campaignLeases: CampaignLeasesService,
    private readonly clock: Clock,
  ) {}

  /**
   * A `do_not_call` disposition lists the contact's number (with `origin` as its
   * source and actor), which makes the contact `do_not_call`; any other sets
   * the status it maps to, except on a do-not-call contact, which stays one
   * whatever a later call says. The campaign contact is settled under its
   * campaign's retry and callback rules, when `agentId` holds its lease or the
   * lease expired. Returns false (and changes nothing) when the tenant has
   * no such contact.
   */
  async apply(
    manager: EntityManager,
    tenantId: string,
    contactId: string,
    campaignId: string | null,
    disposition: CallDisposition,
    origin: OutcomeOrigin,
    agentId: string | null = null,
    callback?: CallbackRequest,
  ): Promise<boolean> {
    const now = this.clock.now();
    const status = contactStatusAfter(disposition);
    const found =
      status === 'do_not_call'
        ? await this.dncList.listContactNumber(
            manager,
            tenantId,
            contactId,
            origin,
            origin.source === 'event' ? 'do_not_call disposition from the provider' : 'do_not_call disposition',
          )
        : await this.contacts.setStatus(tenantId, contactId, status, now, manager);
    if (!found) return false;
    // Only the lease holder (or anyone once the lease expired) settles a leased campaign contact.
    if (campaignId) await this.campaignLeases.completeForCall(tenantId, campaignId, contactId, { agentId, disposition, callback }, manager);
    return true;
  }

  /**
   * A provider's `do_not_call` for a number no contact has (yet): the number is
   * listed all the same, so a contact created with it later is `do_not_call`.
   * A phone that is not a valid E.164 number lists nothing.
   */
  async listUnknownNumber(manager: EntityManager, tenantId: string, phone: string, origin: OutcomeOrigin): Promise<void> {
    // Stored E.164 when it parsed; an E.164 number reads the same in any region.
    if (toE164(phone, 'US') !== phone) return;
    await this.dncList.list(manager, tenantId, [{ phone, reason: 'do_not_call disposition from the provider' }], origin);
  }
}
