import { Inject, Injectable } from '@nestjs/common';
import { AgentStates } from '#switchboard/agents';
import { Clock } from '#switchboard/common';
import type { ConfigType } from '#switchboard/config';
import { DataSource, type EntityManager } from 'typeorm';
import { CampaignContactsRepository } from './campaign-contacts.repository.js';
import { campaignsConfig } from './campaigns.config.js';
import { CampaignNotActiveError, OutsideWindowError } from './campaigns.errors.js';
import { CampaignsService } from './campaigns.service.js';
import { isWithinWindow, localTimeOf } from './dialling-window.js';
import type { NextContactDto } from './dto/next-contact.dto.js';

/** Hands campaign contacts to agents under expiring leases, and settles them when calls are logged. */
@Injectable()
export class CampaignLeasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaignContacts: CampaignContactsRepository,
    private readonly agentStates: AgentStates,
    private readonly campaigns: CampaignsService,
    private readonly clock: Clock,
    @Inject(campaignsConfig.KEY) private readonly cfg: ConfigType<typeof campaignsConfig>,
  ) {}

  /**
   * The contact the agent should dial next, or null when nothing is left. An agent
   * holding a live lease gets the same contact again with the lease extended;
   * otherwise the first available row is taken with SKIP LOCKED, so concurrent
   * agents never receive the same contact.
   */
  async next(tenantId: string, agentId: string, campaignId: string): Promise<NextContactDto | null> {
    const campaign = await this.campaigns.find(tenantId, campaignId);
    if (campaign.status !== 'active') throw new CampaignNotActiveError(campaign.status);
    const now = this.clock.now();
    const window = { start: campaign.windowStart, end: campaign.windowEnd };
    const localTime = localTimeOf(now, campaign.timezone);
    if (!isWithinWindow(localTime, window)) throw new OutsideWindowError(localTime, window.start, window.end, campaign.timezone);

    const leaseExpiresAt = new Date(now.getTime() + this.cfg.leaseSeconds * 1000);
    const leased = await this.dataSource.transaction(async (manager) => {
      // One agent's concurrent requests take turns, so a double click cannot take
      // two contacts: the hand-out's snapshot then sees the lease the first one
      // took. Different agents never wait on it. An agent on a break or offline is refused (409).
      const agent = await this.agentStates.lockForHandOut(tenantId, agentId, manager);
      const taken = await this.campaignContacts.handOut({ tenantId, campaignId, agentId, now, leaseExpiresAt }, manager);
      if (taken) await this.agentStates.reserve(agent, { campaignId, contactId: taken.contact.id, expiresAt: taken.leaseExpiresAt }, manager);
      return taken;
    });
    if (!leased) return null;
    return { campaignId, contact: leased.contact, leaseExpiresAt: leased.leaseExpiresAt.toISOString() };
  }

  /**
   * Settles a campaign contact when a call to it is logged, inside the caller's
   * transaction when `manager` is given: it moves to done, or back to pending
   * with its lease cleared when `outcome.requeue` (a callback disposition). A
   * no-op when the contact is not in that campaign of that tenant.
   */
  async completeForCall(tenantId: string, campaignId: string, contactId: string, outcome: { requeue: boolean }, manager?: EntityManager): Promise<void> {
    await this.campaignContacts.settle(tenantId, campaignId, contactId, outcome.requeue ? 'pending' : 'done', this.clock.now(), manager);
  }
}
