import { Inject, Injectable, Logger } from '@nestjs/common';
import { AgentStates } from '#switchboard/agents';
import { Clock } from '#switchboard/common';
import type { ConfigType } from '#switchboard/config';
import { DataSource, type EntityManager } from 'typeorm';
import { zonesInHours } from './calling-hours.js';
import { CampaignContactsRepository } from './campaign-contacts.repository.js';
import { campaignsConfig } from './campaigns.config.js';
import { CampaignNotActiveError } from './campaigns.errors.js';
import { CampaignsService } from './campaigns.service.js';
import type { NextContactDto } from './dto/next-contact.dto.js';
import { settle, type SettlingCall } from './settlement.js';

/** Hands campaign contacts to agents under expiring leases, and settles them when calls are logged. */
@Injectable()
export class CampaignLeasesService {
  private readonly logger = new Logger('CampaignLeases');

  constructor(
    private readonly dataSource: DataSource,
    private readonly campaignContacts: CampaignContactsRepository,
    private readonly agentStates: AgentStates,
    private readonly campaigns: CampaignsService,
    private readonly clock: Clock,
    @Inject(campaignsConfig.KEY) private readonly cfg: ConfigType<typeof campaignsConfig>,
  ) {}

  /**
   * The contact the agent should dial next, or null when nothing is left now. Only
   * contacts whose own local time is inside both the campaign's window and the
   * tenant's legal calling hours are handed out; the others wait (no 409). An
   * agent holding a live lease gets the same contact again with the lease
   * extended; otherwise the first available row is taken with SKIP LOCKED, so
   * concurrent agents never receive the same contact.
   */
  async next(tenantId: string, agentId: string, campaignId: string): Promise<NextContactDto | null> {
    const { leased, anyZoneInHours } = await this.dataSource.transaction(async (manager) => {
      // First, the campaign under its hand-out lock: a pause waits for this hand-out, or this hand-out sees the pause.
      const { campaign, legal } = await this.campaigns.findForHandOut(tenantId, campaignId, manager);
      if (campaign.status !== 'active') throw new CampaignNotActiveError(campaign.status);
      const now = this.clock.now();
      const zones = zonesInHours(campaign.timeZones, now, { start: campaign.windowStart, end: campaign.windowEnd }, legal);
      if (zones.length === 0) return { anyZoneInHours: false };
      // One agent's concurrent requests take turns, so a double click cannot take
      // two contacts: the hand-out's snapshot then sees the lease the first one
      // took. Different agents never wait on it. An agent on a break or offline is refused (409).
      const agent = await this.agentStates.lockForHandOut(tenantId, agentId, manager);
      const lease = { tenantId, campaignId, agentId, now, databaseNow: this.clock.databaseNow(), leaseSeconds: this.cfg.leaseSeconds, zones };
      const taken = await this.campaignContacts.handOut(lease, manager);
      if (taken) await this.agentStates.reserve(agent, { campaignId, contactId: taken.contact.id, expiresAt: taken.leaseExpiresAt }, manager);
      return { leased: taken, anyZoneInHours: true };
    });
    if (!leased && anyZoneInHours) {
      // The campaign may have been paused while this hand-out waited for its lock: the hand-out found nothing then.
      const current = await this.campaigns.find(tenantId, campaignId);
      if (current.status !== 'active') throw new CampaignNotActiveError(current.status);
    }
    if (!leased) return null;
    return { campaignId, contact: leased.contact, leaseExpiresAt: leased.leaseExpiresAt.toISOString() };
  }

  /**
   * Settles a campaign contact when a call to it is logged, inside the caller's
   * transaction: done, scheduled (a retry rule or a callback) or exhausted
   * (settlement.ts). Only the lease holder, or anyone once the lease has
   * expired, settles a leased contact; another agent's call is logged by its
   * caller but leaves the campaign contact alone. False when nothing changed
   * (also when the contact is not in that campaign of that tenant). A callback
   * time that is not allowed throws a 400, rolling the caller's transaction back.
   */
  async completeForCall(tenantId: string, campaignId: string, contactId: string, call: SettlingCall, manager: EntityManager): Promise<boolean> {
    const row = await this.campaignContacts.lockSettleable(tenantId, campaignId, contactId, call.agentId, this.clock.databaseNow(), manager);
    if (!row) {
      this.logger.log(`call on contact ${contactId} of campaign ${campaignId} left its campaign contact alone (not in it, or leased to another agent)`);
      return false;
    }
    const now = this.clock.now();
    await this.campaignContacts.writeSettlement(tenantId, campaignId, contactId, settle(row, call, now), now, manager);
    return true;
  }
}
