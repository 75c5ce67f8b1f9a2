import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { CampaignContact, type CampaignContactState } from './campaign-contact.entity.js';
import { isUuid } from './uuid.js';

// A contact may be dialled while it is live and not on the do-not-call list.
const CALLABLE = `c.tenant_id = cc.tenant_id AND c.deleted_at IS NULL AND c.status <> 'do_not_call'`;
// Pending rows have no lease; leased rows become available again when theirs expires.
// The same expression backs campaign_contacts_available_idx.
const AVAILABLE_FROM = `coalesce(cc.lease_expires_at, '-infinity'::timestamptz)`;

/**
 * Adds contacts in one statement: only live contacts of the campaign's tenant
 * that may be called (read from `contacts`, which the contacts lib owns; this
 * only reads it), and none already in.
 */
const ADD_PENDING = `
  WITH added AS (
    INSERT INTO campaign_contacts (campaign_id, contact_id, tenant_id, state, created_at, updated_at)
    SELECT $1, c.id, $2, 'pending', $4, $4 FROM contacts c
    WHERE c.id = ANY($3::uuid[]) AND c.tenant_id = $2 AND c.deleted_at IS NULL AND c.status <> 'do_not_call'
    ON CONFLICT (campaign_id, contact_id) DO NOTHING
    RETURNING 1)
  SELECT count(*)::int AS added FROM added`;

/**
 * The hand-out, one statement. `held`: the agent's live lease in the campaign,
 * extended. Otherwise `pick` takes the first available row with SKIP LOCKED, so
 * concurrent agents never receive the same contact, and `taken` leases it. Both
 * pass over contacts that are no longer callable. The pick filters on the
 * campaign alone: the campaign was just found in the caller's tenant, and a
 * tenant predicate here turns the ordered index scan that stops at the first row
 * into a sort of the whole campaign (docs/benchmarks.md); `taken` checks the tenant.
 * $1 tenant, $2 campaign, $3 agent, $4 the lease's new expiry, $5 now.
 */
const HAND_OUT = `
  WITH held AS (
    UPDATE campaign_contacts cc SET lease_expires_at = $4, updated_at = $5
    WHERE cc.tenant_id = $1 AND cc.campaign_id = $2 AND cc.state = 'leased' AND cc.leased_to = $3 AND cc.lease_expires_at > $5
      AND EXISTS (SELECT 1 FROM contacts c WHERE c.id = cc.contact_id AND ${CALLABLE})
    RETURNING cc.contact_id, cc.lease_expires_at, cc.tenant_id),
  pick AS (
    SELECT cc.campaign_id, cc.contact_id FROM campaign_contacts cc
    JOIN contacts c ON c.id = cc.contact_id AND ${CALLABLE}
    WHERE cc.campaign_id = $2 AND cc.state <> 'done' AND ${AVAILABLE_FROM} <= $5 AND NOT EXISTS (SELECT 1 FROM held)
    ORDER BY ${AVAILABLE_FROM}, cc.contact_id
    LIMIT 1
    FOR UPDATE OF cc SKIP LOCKED),
  taken AS (
    UPDATE campaign_contacts cc SET state = 'leased', leased_to = $3, lease_expires_at = $4, updated_at = $5
    FROM pick WHERE cc.campaign_id = pick.campaign_id AND cc.contact_id = pick.contact_id AND cc.tenant_id = $1
    RETURNING cc.contact_id, cc.lease_expires_at, cc.tenant_id),
  leased AS (SELECT * FROM held UNION ALL SELECT * FROM taken)
  SELECT c.id, c.name, c.phone, c.email, c.status, cc.lease_expires_at FROM leased cc
  JOIN contacts c ON c.id = cc.contact_id AND c.tenant_id = cc.tenant_id
  LIMIT 1`;

export interface HandOut {
  tenantId: string;
  campaignId: string;
  agentId: string;
  /** The time leases are judged by. */
  now: Date;
  /** When the lease handed out (or extended) expires. */
  leaseExpiresAt: Date;
}

/** A contact handed to an agent, as the agent needs it to dial. */
export interface LeasedContact {
  contact: { id: string; name: string; phone: string; email: string | null; status: string };
  leaseExpiresAt: Date;
}

interface LeaseRow {
  id: string;
  name: string;
  phone: string;
  email: string | null;
  status: string;
  lease_expires_at: Date;
}

/**
 * One keyset page of a campaign's contacts, by contact id (the primary key's order),
 * with the contact's name and phone. $1 tenant, $2 campaign, $3 state or null for
 * any, $4 the last contact id of the previous page or null, $5 the page size.
 */
const ROSTER_PAGE = `
  SELECT cc.contact_id AS "contactId", c.name, c.phone, c.email, c.status AS "contactStatus", cc.state,
         cc.leased_to AS "leasedTo", cc.lease_expires_at AS "leaseExpiresAt", cc.created_at AS "createdAt", cc.updated_at AS "updatedAt"
  FROM campaign_contacts cc
  LEFT JOIN contacts c ON c.id = cc.contact_id AND c.tenant_id = cc.tenant_id
  WHERE cc.campaign_id = $2 AND cc.tenant_id = $1 AND ($3::text IS NULL OR cc.state = $3) AND ($4::uuid IS NULL OR cc.contact_id > $4)
  ORDER BY cc.contact_id
  LIMIT $5`;

/** A row of a campaign's contact list (exports read it page by page). */
export interface CampaignRosterRow {
  contactId: string;
  /** Null when the contact row is gone. */
  name: string | null;
  phone: string | null;
  email: string | null;
  contactStatus: string | null;
  state: CampaignContactState;
  leasedTo: string | null;
  leaseExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Every query on `campaign_contacts`: adding contacts, the hand-out under leases, settling, the roster. */
@Injectable()
export class CampaignContactsRepository {
  constructor(@InjectRepository(CampaignContact) private readonly repository: Repository<CampaignContact>) {}

  /** Adds the callable ones of `contactIds` (distinct) as pending, and says how many were added. */
  async addPending(tenantId: string, campaignId: string, contactIds: string[], at: Date): Promise<number> {
    const [row] = await this.repository.query<{ added: number }[]>(ADD_PENDING, [campaignId, tenantId, contactIds, at]);
    return row!.added;
  }

  /**
   * The contact an agent should dial next, leased to it until
   * `leaseExpiresAt`, or undefined when none is available. Runs on `manager`
   * (the caller's transaction) when given.
   */
  async handOut(lease: HandOut, manager?: EntityManager): Promise<LeasedContact | undefined> {
    const params = [lease.tenantId, lease.campaignId, lease.agentId, lease.leaseExpiresAt, lease.now];
    const [row] = await (manager ?? this.repository.manager).query<LeaseRow[]>(HAND_OUT, params);
    if (!row) return undefined;
    const { lease_expires_at: leaseExpiresAt, ...contact } = row;
    return { contact, leaseExpiresAt };
  }

  /**
   * Settles a campaign contact: `done`, or back to `pending` with its lease and
   * holder cleared. A no-op when the contact is not in that campaign of that
   * tenant, or either id is not a uuid. Runs on `manager` (the caller's
   * transaction) when given.
   */
  async settle(tenantId: string, campaignId: string, contactId: string, state: 'done' | 'pending', at: Date, manager?: EntityManager): Promise<void> {
    if (!isUuid(campaignId) || !isUuid(contactId)) return;
    await (manager ?? this.repository.manager)
      .createQueryBuilder()
      .update(CampaignContact)
      .set({ state, leaseExpiresAt: null, ...(state === 'pending' ? { leasedTo: null } : {}), updatedAt: at })
      .where({ tenantId, campaignId, contactId })
      .execute();
  }

  /** One page of a campaign's contacts in `state` (any when undefined), after contact id `after`, by contact id. */
  rosterPage(
    tenantId: string,
    campaignId: string,
    state: CampaignContactState | undefined,
    after: string | undefined,
    limit: number,
  ): Promise<CampaignRosterRow[]> {
    return this.repository.query<CampaignRosterRow[]>(ROSTER_PAGE, [tenantId, campaignId, state ?? null, after ?? null, limit]);
  }
}
