import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { DEFAULT_CALLING_HOURS, type CallingHours } from '#switchboard/tenants';
import { CampaignContact, type CampaignContactState } from './campaign-contact.entity.js';
import type { Campaign } from './campaign.entity.js';
import { isUuid } from './uuid.js';

// The database's clock judges leases, not each server's own (docs/compliance.md,
// "Leases"); a test's moved clock stands in for it (Clock.databaseNow()).
const DB_NOW = (param: string) => `coalesce(${param}::timestamptz, now())`;

/**
 * Adds contacts in one statement: only live contacts of the campaign's tenant
 * that may be called (read from `contacts`, which the contacts lib owns; this
 * only reads it), and none already in. Each takes the contact's own time zone,
 * else the campaign's; the campaign learns the zones it now has. The contact's
 * zone is read as `to_jsonb(c) ->> 'time_zone'`: null when unset.
 * $1 campaign, $2 tenant, $3 contact ids, $4 now, $5 the campaign's zone.
 */
const ADD_PENDING = `
  WITH added AS (
    INSERT INTO campaign_contacts (campaign_id, contact_id, tenant_id, state, time_zone, created_at, updated_at)
    SELECT $1, c.id, $2, 'pending', coalesce(to_jsonb(c) ->> 'time_zone', $5), $4, $4 FROM contacts c
    WHERE c.id = ANY($3::uuid[]) AND c.tenant_id = $2 AND c.deleted_at IS NULL AND c.status <> 'do_not_call'
    ON CONFLICT (campaign_id, contact_id) DO NOTHING
    RETURNING time_zone),
  zones AS (
    UPDATE campaigns k SET time_zones = ARRAY(SELECT DISTINCT z FROM unnest(k.time_zones || ARRAY(SELECT time_zone FROM added)) z ORDER BY z)
    WHERE k.id = $1 AND EXISTS (SELECT 1 FROM added WHERE NOT (added.time_zone = ANY (k.time_zones))) RETURNING 1)
  SELECT count(*)::int AS added FROM added`;

/** ADD_PENDING with the contacts chosen by a filter instead of ids: $3 tags (all of them), $6 status (null: any), at most $7. */
const ADD_PENDING_BY_FILTER = ADD_PENDING.replace(
  'WHERE c.id = ANY($3::uuid[]) AND',
  'WHERE ($3::text[] IS NULL OR c.tags @> $3::text[]) AND ($6::text IS NULL OR c.status = $6) AND',
).replace('ON CONFLICT', 'ORDER BY c.id LIMIT $7\n    ON CONFLICT');

/**
 * The hand-out, one statement: the database function `campaign_hand_out`
 * (migration 1766900000000-campaign-hand-out, which says why a function: its
 * plan is kept per connection, where this statement alone was planned on every
 * call). It runs in a transaction that holds the campaign's
 * hand-out lock (CampaignsRepository.findForHandOut): `live` finds the campaign
 * only while it is active, so a hand-out that waited for a pause finds nothing,
 * and a pause waits for the hand-outs in flight. `held`: the agent's live
 * lease in the campaign, extended. Otherwise `owned`: the agent's own callback
 * that is due (campaign_contacts_callback_owner_idx). Otherwise `pick` probes, per zone inside its
 * calling hours now ($7, computed by the caller) and per priority (0: callbacks,
 * 1: the rest), the first available row of campaign_contacts_pick_idx (an
 * ordered index scan that stops at its first callable row, SKIP LOCKED so
 * concurrent agents never receive the same contact), and takes the earliest of
 * those, due callbacks first. One probe per priority, with the priority as an
 * equality, keeps `available_at <= now` a range of the index: callbacks that are
 * not due yet are never read (docs/benchmarks.md, a third of the list scheduled);
 * `taken` leases it. A scheduled row is available from its next attempt (a
 * callback with an owner: once the campaign's grace has passed too). The pick filters
 * on the campaign alone: the campaign was just found in the caller's tenant, and
 * `taken` checks the tenant (docs/benchmarks.md).
 * $1 tenant, $2 campaign, $3 agent, $4 lease seconds, $5 now (app clock, for
 * updated_at), $6 the clock's stand-in for the database's now() (null: now()), $7 the zones inside their hours.
 */
export const HAND_OUT = `SELECT * FROM campaign_hand_out($1, $2, $3, $4, $5, $6, $7)`;

/**
 * The campaign contact a logged call settles, locked: only when the caller may
 * settle it. Only the lease holder, or anyone once the lease has expired (by
 * the database's clock), settles a leased row; a row that is not leased is
 * settled by any call. With it, what the settlement decides by: the campaign's
 * rules and the tenant's legal calling hours (`tenant_settings`, the tenants
 * lib's table, only read here; $6/$7 the defaults while the tenant has none).
 * $1 tenant, $2 campaign, $3 contact, $4 the calling agent (null: not an
 * agent's call), $5 the clock's stand-in for the database's now() (null: now()).
 */
const SETTLEABLE = `
  SELECT cc.state, cc.attempts, to_char(cc.attempts_day, 'YYYY-MM-DD') AS "attemptsDay", cc.day_attempts AS "dayAttempts", cc.time_zone AS "timeZone",
    json_build_object(
      'retryRules', k.retry_rules, 'maxAttemptsPerDay', k.max_attempts_per_day, 'callbackGraceMinutes', k.callback_grace_minutes,
      'callbackDefaultDelayMinutes', k.callback_default_delay_minutes, 'windowStart', k.window_start, 'windowEnd', k.window_end) AS rules,
    json_build_object('start', coalesce(s.calling_hours_start, $6), 'end', coalesce(s.calling_hours_end, $7)) AS legal
  FROM campaign_contacts cc
  JOIN campaigns k ON k.id = cc.campaign_id AND k.tenant_id = cc.tenant_id
  LEFT JOIN tenant_settings s ON s.tenant_id = cc.tenant_id
  WHERE cc.tenant_id = $1 AND cc.campaign_id = $2 AND cc.contact_id = $3
    AND (cc.state <> 'leased' OR cc.leased_to = $4 OR cc.lease_expires_at <= ${DB_NOW('$5')})
  FOR UPDATE OF cc`;

/**
 * A campaign's contacts counted by state, in one pass. Not done and not listed:
 * `leased` while the lease lives (by the database's clock), else `pending`, of
 * which `outsideHoursNow` are in zones outside their calling hours ($4).
 * $1 campaign, $2 tenant, $3 the clock's stand-in for now() (null: now()).
 */
const PROGRESS = `
  WITH rows AS (
    SELECT cc.state, cc.time_zone,
      (c.id IS NOT NULL AND c.deleted_at IS NULL AND c.status <> 'do_not_call') AS callable,
      (c.status = 'do_not_call') AS listed,
      (cc.state = 'leased' AND cc.lease_expires_at > ${DB_NOW('$3')}) AS held
    FROM campaign_contacts cc LEFT JOIN contacts c ON c.id = cc.contact_id AND c.tenant_id = cc.tenant_id
    WHERE cc.campaign_id = $1 AND cc.tenant_id = $2)
  SELECT
    count(*) FILTER (WHERE state IN ('pending', 'leased') AND callable AND NOT held)::int AS pending,
    count(*) FILTER (WHERE state = 'leased' AND callable AND held)::int AS leased,
    count(*) FILTER (WHERE state = 'scheduled' AND callable)::int AS scheduled,
    count(*) FILTER (WHERE state = 'done')::int AS done,
    count(*) FILTER (WHERE state = 'exhausted')::int AS exhausted,
    count(*) FILTER (WHERE state IN ('pending', 'leased', 'scheduled') AND listed)::int AS "doNotCall",
    count(*) FILTER (WHERE state IN ('pending', 'leased') AND callable AND NOT held AND NOT (time_zone = ANY ($4::text[])))::int AS "outsideHoursNow"
  FROM rows`;

/**
 * A scheduled callback to another owner (or to anyone: $4 null), with the
 * contact's name and phone. $1 tenant, $2 campaign, $3 contact, $5 the
 * campaign's grace in minutes, $6 now.
 */
const REASSIGN_CALLBACK = `
  WITH moved AS (
    UPDATE campaign_contacts SET callback_owner = $4::uuid,
      available_at = CASE WHEN $4::uuid IS NULL THEN next_attempt_at ELSE next_attempt_at + $5::int * interval '1 minute' END, updated_at = $6
    WHERE tenant_id = $1 AND campaign_id = $2 AND contact_id = $3 AND state = 'scheduled' AND last_disposition = 'callback'
    RETURNING campaign_id, contact_id, tenant_id, callback_owner, next_attempt_at, time_zone)
  SELECT m.campaign_id AS "campaignId", m.contact_id AS "contactId", m.callback_owner AS owner, m.next_attempt_at AS at,
    m.time_zone AS "timeZone", c.name, c.phone
  FROM moved m JOIN contacts c ON c.id = m.contact_id AND c.tenant_id = m.tenant_id`;

export interface CallbackFilter {
  campaignId?: string;
  owner?: string;
}

/** Where a page of callbacks ends: the keyset of GET /v1/callbacks. */
export interface CallbackKey {
  at: Date;
  campaignId: string;
  contactId: string;
}

export interface CallbackRow {
  campaignId: string;
  contactId: string;
  owner: string | null;
  at: Date;
  timeZone: string;
  name: string;
  phone: string;
}

/** GET /v1/campaigns/:id/progress: the campaign's contacts by state. */
export interface ProgressCounts {
  pending: number;
  leased: number;
  scheduled: number;
  done: number;
  exhausted: number;
  doNotCall: number;
  outsideHoursNow: number;
}

export interface HandOut {
  tenantId: string;
  campaignId: string;
  agentId: string;
  /** The app clock's time (updated_at). */
  now: Date;
  /** The clock's stand-in for the database's now(), which judges leases (null: now() itself). */
  databaseNow: Date | null;
  /** How long the lease handed out (or extended) lasts. */
  leaseSeconds: number;
  /** The zones whose callees are inside their calling hours now. */
  zones: string[];
}

/** A settleable campaign contact as it stands, for the settlement to decide on. */
export interface SettleableRow {
  state: string;
  attempts: number;
  attemptsDay: string | null;
  dayAttempts: number;
  timeZone: string;
  /** The campaign's rules the settlement applies. */
  rules: SettlementRules;
  /** The tenant's legal calling hours. */
  legal: CallingHours;
}

/** What of its campaign a settlement decides by. */
export type SettlementRules = Pick<
  Campaign,
  'retryRules' | 'maxAttemptsPerDay' | 'callbackGraceMinutes' | 'callbackDefaultDelayMinutes' | 'windowStart' | 'windowEnd'
>;

/** Where a settled campaign contact goes (decided by CampaignSettlementService). */
export interface SettledState {
  state: 'done' | 'scheduled' | 'exhausted';
  attempts: number;
  attemptsDay: string;
  dayAttempts: number;
  lastDisposition: string;
  /** While scheduled: when it may be dialled again. */
  nextAttemptAt: Date | null;
  /** When anyone may be handed it (a callback's owner gets it from nextAttemptAt). */
  availableAt: Date | null;
  callbackOwner: string | null;
  priority: number;
}

/** A contact handed to an agent, as the agent needs it to dial. */
export interface LeasedContact {
  contact: { id: string; name: string; phone: string; email: string | null; status: string; timeZone: string };
  leaseExpiresAt: Date;
}

interface LeaseRow {
  id: string;
  name: string;
  phone: string;
  email: string | null;
  status: string;
  time_zone: string;
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
  async addPending(tenantId: string, campaignId: string, contactIds: string[], campaignZone: string, at: Date): Promise<number> {
    const [row] = await this.repository.query<{ added: number }[]>(ADD_PENDING, [campaignId, tenantId, contactIds, at, campaignZone]);
    return row!.added;
  }

  /** Adds the callable contacts matching `filter` (at most `max`) as pending; how many were added and how many matched. */
  async addPendingByFilter(
    tenantId: string,
    campaignId: string,
    filter: { tags?: string[]; status?: string },
    max: number,
    campaignZone: string,
    at: Date,
  ): Promise<number> {
    const params = [campaignId, tenantId, filter.tags?.length ? filter.tags : null, at, campaignZone, filter.status ?? null, max];
    const [row] = await this.repository.query<{ added: number }[]>(ADD_PENDING_BY_FILTER, params);
    return row!.added;
  }

  /** One page of the campaign's contacts, oldest member first, with one row more than `limit`. */
  async page(
    tenantId: string,
    campaignId: string,
    state: string | undefined,
    limit: number,
    cursor?: { createdAt: Date; id: string },
  ): Promise<CampaignContact[]> {
    const qb = this.repository.createQueryBuilder('cc').where('cc.tenantId = :tenantId AND cc.campaignId = :campaignId', { tenantId, campaignId });
    if (state) qb.andWhere('cc.state = :state', { state });
    if (cursor) qb.andWhere('(cc.createdAt, cc.contactId) > (:createdAt, :id)', cursor);
    return qb
      .orderBy('cc.createdAt')
      .addOrderBy('cc.contactId')
      .limit(limit + 1)
      .getMany();
  }

  /** Removes a contact from the campaign; false when it was not in it. */
  async remove(tenantId: string, campaignId: string, contactId: string): Promise<boolean> {
    const result = await this.repository.delete({ tenantId, campaignId, contactId });
    return (result.affected ?? 0) > 0;
  }

  /** Puts done or exhausted contacts whose last disposition is one of `dispositions` back to pending, attempts reset; how many. */
  async reset(tenantId: string, campaignId: string, dispositions: string[], at: Date): Promise<number> {
    const result = await this.repository
      .createQueryBuilder()
      .update()
      .set({
        state: 'pending',
        attempts: 0,
        dayAttempts: 0,
        attemptsDay: null,
        nextAttemptAt: null,
        callbackOwner: null,
        priority: 1,
        availableAt: () => "'-infinity'",
        updatedAt: at,
      })
      .where(`tenant_id = :tenantId AND campaign_id = :campaignId AND state IN ('done', 'exhausted') AND last_disposition IN (:...dispositions)`, {
        tenantId,
        campaignId,
        dispositions,
      })
      .execute();
    return result.affected ?? 0;
  }

  /**
   * The contact an agent should dial next, leased to it until
   * `leaseExpiresAt`, or undefined when none is available. Runs on `manager`
   * (the caller's transaction) when given.
   */
  async handOut(lease: HandOut, manager?: EntityManager): Promise<LeasedContact | undefined> {
    const params = [lease.tenantId, lease.campaignId, lease.agentId, lease.leaseSeconds, lease.now, lease.databaseNow, lease.zones];
    const [row] = await (manager ?? this.repository.manager).query<LeaseRow[]>(HAND_OUT, params);
    if (!row) return undefined;
    const { lease_expires_at: leaseExpiresAt, time_zone: timeZone, ...contact } = row;
    return { contact: { ...contact, timeZone }, leaseExpiresAt };
  }

  /**
   * Scheduled callbacks of the tenant, soonest first, by campaign and/or owner:
   * one row more than `limit`, those after `after` (the last row of the
   * previous page; campaign and contact break ties of the same time).
   */
  callbacks(tenantId: string, filter: CallbackFilter, limit: number, after?: CallbackKey): Promise<CallbackRow[]> {
    const qb = this.repository.manager
      .createQueryBuilder()
      .select([
        'cc.campaign_id AS "campaignId"',
        'cc.contact_id AS "contactId"',
        'cc.callback_owner AS owner',
        'cc.next_attempt_at AS at',
        'cc.time_zone AS "timeZone"',
      ])
      .addSelect(['c.name AS name', 'c.phone AS phone'])
      .from(CampaignContact, 'cc')
      .innerJoin('contacts', 'c', 'c.id = cc.contact_id AND c.tenant_id = cc.tenant_id')
      .where(`cc.tenant_id = :tenantId AND cc.state = 'scheduled' AND cc.last_disposition = 'callback'`, { tenantId });
    if (filter.campaignId) qb.andWhere('cc.campaign_id = :campaignId', { campaignId: filter.campaignId });
    if (filter.owner) qb.andWhere('cc.callback_owner = :owner', { owner: filter.owner });
    if (after) {
      qb.andWhere('(cc.next_attempt_at, cc.campaign_id, cc.contact_id) > (:afterAt, :afterCampaignId, :afterContactId)', {
        afterAt: after.at,
        afterCampaignId: after.campaignId,
        afterContactId: after.contactId,
      });
    }
    return qb
      .orderBy('cc.next_attempt_at')
      .addOrderBy('cc.campaign_id')
      .addOrderBy('cc.contact_id')
      .limit(limit + 1)
      .getRawMany<CallbackRow>();
  }

  /**
   * Gives a scheduled callback to `owner` (null: anyone): available to others
   * after the campaign's grace. One statement that returns the callback as it now
   * is, so a call settling it at the same moment cannot leave nothing to return.
   * Undefined when there is no such callback.
   */
  async reassignCallback(
    tenantId: string,
    campaignId: string,
    contactId: string,
    owner: string | null,
    graceMinutes: number,
    at: Date,
  ): Promise<CallbackRow | undefined> {
    const [row] = await this.repository.query<CallbackRow[]>(REASSIGN_CALLBACK, [tenantId, campaignId, contactId, owner, Number(graceMinutes), at]);
    return row;
  }

  /** The campaign's contacts counted by state (PROGRESS); `zonesInHours`: the zones inside their calling hours now. */
  async progress(tenantId: string, campaignId: string, databaseNow: Date | null, zonesInHours: string[]): Promise<ProgressCounts> {
    const [row] = await this.repository.query<ProgressCounts[]>(PROGRESS, [campaignId, tenantId, databaseNow, zonesInHours]);
    return row!;
  }

  /**
   * The campaign contact a call settles, locked FOR UPDATE in the caller's
   * transaction (SETTLEABLE), or undefined when there is none to settle: not in
   * that campaign of that tenant, an id is not a uuid, or another agent holds a
   * live lease on it.
   */
  async lockSettleable(
    tenantId: string,
    campaignId: string,
    contactId: string,
    agentId: string | null,
    databaseNow: Date | null,
    manager: EntityManager,
  ): Promise<SettleableRow | undefined> {
    if (!isUuid(campaignId) || !isUuid(contactId)) return undefined;
    const { start, end } = DEFAULT_CALLING_HOURS;
    const [row] = await manager.query<SettleableRow[]>(SETTLEABLE, [tenantId, campaignId, contactId, agentId, databaseNow, start, end]);
    return row;
  }

  /** Writes a settlement decided on a row `lockSettleable` locked: the lease is cleared, and the holder unless the lead is done. */
  async writeSettlement(tenantId: string, campaignId: string, contactId: string, settled: SettledState, at: Date, manager: EntityManager): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(CampaignContact)
      .set({
        state: settled.state,
        attempts: settled.attempts,
        attemptsDay: settled.attemptsDay,
        dayAttempts: settled.dayAttempts,
        lastDisposition: settled.lastDisposition,
        nextAttemptAt: settled.nextAttemptAt,
        availableAt: settled.availableAt ?? (() => "'-infinity'"),
        callbackOwner: settled.callbackOwner,
        priority: settled.priority,
        leaseExpiresAt: null,
        ...(settled.state === 'done' ? {} : { leasedTo: null }),
        updatedAt: at,
      })
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
