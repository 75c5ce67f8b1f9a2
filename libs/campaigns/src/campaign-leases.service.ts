import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '#switchboard/common';
import type { ConfigType } from '#switchboard/config';
import { Database, type Queryable } from '#switchboard/database';
import { campaignsConfig } from './campaigns.config.js';
import { CampaignNotActiveError, OutsideWindowError } from './campaigns.errors.js';
import { CampaignsService } from './campaigns.service.js';
import { isWithinWindow, localTimeOf } from './dialling-window.js';
import type { NextContactDto } from './dto/next-contact.dto.js';
import { isUuid } from './uuid.js';

// A contact may be dialled while it is live and not on the do-not-call list.
const CALLABLE = `c.tenant_id = cc.tenant_id AND c.deleted_at IS NULL AND c.status <> 'do_not_call'`;
// Pending rows have no lease; leased rows become available again when theirs expires.
// The same expression backs campaign_contacts_available_idx.
const AVAILABLE_FROM = `coalesce(cc.lease_expires_at, '-infinity'::timestamptz)`;
const CONTACT_FIELDS = `c.id, c.name, c.phone, c.email, c.status`;

type LeaseRow = {
  id: string;
  name: string;
  phone: string;
  email: string | null;
  status: string;
  lease_expires_at: Date;
};

/** Hands campaign contacts to agents under expiring leases, and settles them when calls are logged. */
@Injectable()
export class CampaignLeasesService {
  constructor(
    private readonly db: Database,
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

    const expires = new Date(now.getTime() + this.cfg.leaseSeconds * 1000);
    const params = [tenantId, campaignId, agentId, expires, now];
    const row = await this.db.transaction(async (tx) => {
      // Serialises one agent's concurrent requests, so a double click cannot take
      // two contacts; different agents never wait on it. A row lock rather than an
      // advisory lock: advisory locks pin the session behind RDS Proxy.
      await tx.execute(`SELECT 1 FROM agents WHERE id = $1 AND tenant_id = $2 FOR UPDATE`, [agentId, tenantId]);
      const [held] = await tx.query<LeaseRow>(
        `WITH held AS (
           UPDATE campaign_contacts cc SET lease_expires_at = $4, updated_at = $5
           WHERE cc.tenant_id = $1 AND cc.campaign_id = $2 AND cc.state = 'leased' AND cc.leased_to = $3 AND cc.lease_expires_at > $5
             AND EXISTS (SELECT 1 FROM contacts c WHERE c.id = cc.contact_id AND ${CALLABLE})
           RETURNING cc.contact_id, cc.lease_expires_at, cc.tenant_id)
         SELECT ${CONTACT_FIELDS}, cc.lease_expires_at FROM held cc JOIN contacts c ON c.id = cc.contact_id AND c.tenant_id = cc.tenant_id
         LIMIT 1`,
        params,
      );
      if (held) return held;
      // The pick filters on the campaign alone: it was just found in the caller's
      // tenant, and a tenant predicate here turns the ordered index scan that stops
      // at the first row into a sort of the whole campaign (docs/benchmarks.md).
      const [taken] = await tx.query<LeaseRow>(
        `WITH pick AS (
           SELECT cc.campaign_id, cc.contact_id FROM campaign_contacts cc
           JOIN contacts c ON c.id = cc.contact_id AND ${CALLABLE}
           WHERE cc.campaign_id = $2 AND cc.state <> 'done' AND ${AVAILABLE_FROM} <= $5
           ORDER BY ${AVAILABLE_FROM}, cc.contact_id
           LIMIT 1
           FOR UPDATE OF cc SKIP LOCKED),
         taken AS (
           UPDATE campaign_contacts cc SET state = 'leased', leased_to = $3, lease_expires_at = $4, updated_at = $5
           FROM pick WHERE cc.campaign_id = pick.campaign_id AND cc.contact_id = pick.contact_id AND cc.tenant_id = $1
           RETURNING cc.contact_id, cc.lease_expires_at, cc.tenant_id)
         SELECT ${CONTACT_FIELDS}, cc.lease_expires_at FROM taken cc JOIN contacts c ON c.id = cc.contact_id AND c.tenant_id = cc.tenant_id`,
        params,
      );
      return taken ?? null;
    });
    if (!row) return null;
    const { lease_expires_at: leaseExpiresAt, ...contact } = row;
    return { campaignId, contact, leaseExpiresAt: leaseExpiresAt.toISOString() };
  }

  /**
   * Settles a campaign contact when a call to it is logged, inside the caller's
   * transaction (`tx`): it moves to done, or back to pending with its lease
   * cleared when `outcome.requeue` (a callback disposition). A no-op when the
   * contact is not in that campaign of that tenant.
   */
  async completeForCall(tx: Queryable, tenantId: string, campaignId: string, contactId: string, outcome: { requeue: boolean }): Promise<void> {
    if (!isUuid(campaignId) || !isUuid(contactId)) return;
    const state = outcome.requeue ? 'pending' : 'done';
    await tx.execute(
      `UPDATE campaign_contacts SET state = $4, lease_expires_at = NULL,
         leased_to = CASE WHEN $4 = 'pending' THEN NULL ELSE leased_to END, updated_at = $5
       WHERE tenant_id = $1 AND campaign_id = $2::uuid AND contact_id = $3::uuid`,
      [tenantId, campaignId, contactId, state, this.clock.now()],
    );
  }
}
