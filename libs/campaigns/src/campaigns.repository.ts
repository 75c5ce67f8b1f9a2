import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { entityFromRow, keysetRows } from '#switchboard/database';
import { DEFAULT_CALLING_HOURS, type CallingHours } from '#switchboard/tenants';
import { type EntityManager, type FindOptionsWhere, In, type QueryDeepPartialEntity, type Repository } from 'typeorm';
import { Campaign, type CampaignStatus } from './campaign.entity.js';

/** A new campaign's own fields; the rest (id, status draft, version 1, timestamps) the repository sets. */
type Settable =
  | 'name'
  | 'callerId'
  | 'timezone'
  | 'windowStart'
  | 'windowEnd'
  | 'retryRules'
  | 'maxAttemptsPerDay'
  | 'callbackGraceMinutes'
  | 'callbackDefaultDelayMinutes'
  | 'wrapUpSeconds';
export type NewCampaign = Pick<Campaign, 'tenantId' | 'name' | 'callerId' | 'timezone' | 'windowStart' | 'windowEnd'> & Partial<Pick<Campaign, Settable>>;

export type CampaignChanges = Partial<Pick<Campaign, Settable>>;

/** The advisory-lock class of "a campaign's hand-outs" (the two-int key space, as the phone locks of the contacts lib). */
const HAND_OUT_LOCK_CLASS = 0x63616d; // 'cam'

/** A campaign with its tenant's legal calling hours, which the hand-out and the progress count read together. */
export interface CampaignWithCallingHours {
  campaign: Campaign;
  legal: CallingHours;
}

export interface CampaignListQuery {
  status?: CampaignStatus;
  limit: number;
  cursor?: string;
}

/** Every query on `campaigns`, each scoped by tenant. Writes are one `… RETURNING` statement each. */
@Injectable()
export class CampaignsRepository {
  constructor(@InjectRepository(Campaign) private readonly repository: Repository<Campaign>) {}

  async insert(campaign: NewCampaign, at: Date): Promise<Campaign> {
    const result = await this.repository
      .createQueryBuilder()
      .insert()
      .values({ ...campaign, status: 'draft', version: 1, createdAt: at, updatedAt: at })
      .returning('*')
      .execute();
    return entityFromRow(this.repository, result.raw)!;
  }

  findOne(tenantId: string, id: string): Promise<Campaign | null> {
    return this.repository.findOneBy({ id, tenantId });
  }

  /**
   * The campaign and its tenant's legal calling hours (the defaults while the
   * tenant has set none) in one statement: `tenant_settings` is the tenants
   * lib's table, only read here. Undefined when it is not a campaign of the tenant.
   */
  findWithCallingHours(tenantId: string, id: string): Promise<CampaignWithCallingHours | undefined> {
    return this.withCallingHours(this.repository.manager, tenantId, id, false);
  }

  /**
   * `findWithCallingHours` as a hand-out's first statement: it also takes the
   * campaign's hand-out lock, shared, until the hand-out's transaction ends. A
   * status change takes it exclusively (`lockHandOuts`), so a pause waits for the
   * hand-outs in flight, and a hand-out that waited for a pause sees it in its
   * next statement (each statement reads its own snapshot), where the hand-out
   * checks the status again. A lock of the lock manager, not of the row: `FOR
   * SHARE` on the campaign's row wrote the row on every hand-out
   * (docs/benchmarks.md).
   */
  findForHandOut(tenantId: string, id: string, manager: EntityManager): Promise<CampaignWithCallingHours | undefined> {
    return this.withCallingHours(manager, tenantId, id, true);
  }

  /** Waits for the campaign's hand-outs in flight and holds new ones off until the caller's transaction ends (`findForHandOut`). */
  async lockHandOuts(id: string, manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock($1::int, hashtext($2::uuid::text))`, [HAND_OUT_LOCK_CLASS, id]);
  }

  private async withCallingHours(manager: EntityManager, tenantId: string, id: string, handOutLock: boolean): Promise<CampaignWithCallingHours | undefined> {
    const qb = manager
      .createQueryBuilder(Campaign, 'campaign')
      .leftJoin('tenant_settings', 'settings', 'settings.tenant_id = campaign.tenant_id')
      .addSelect(['settings.calling_hours_start AS legal_start', 'settings.calling_hours_end AS legal_end'])
      .where({ id, tenantId });
    if (handOutLock) qb.addSelect(`pg_advisory_xact_lock_shared(${HAND_OUT_LOCK_CLASS}, hashtext(campaign.id::text))`, 'hand_out_lock');
    const { entities, raw } = await qb.getRawAndEntities<{ legal_start: string | null; legal_end: string | null }>();
    const [campaign] = entities;
    if (!campaign) return undefined;
    const { legal_start: start, legal_end: end } = raw[0]!;
    return { campaign, legal: start && end ? { start, end } : { ...DEFAULT_CALLING_HOURS } };
  }

  exists(tenantId: string, id: string): Promise<boolean> {
    return this.repository.existsBy({ id, tenantId });
  }

  /** The campaign's wrap-up in seconds, or null when it is not a campaign of the tenant. */
  async wrapUpSeconds(tenantId: string, id: string): Promise<number | null> {
    const campaign = await this.repository.findOne({ select: { wrapUpSeconds: true }, where: { id, tenantId } });
    return campaign?.wrapUpSeconds ?? null;
  }

  /** One keyset page, newest first, with one row more than `limit` (so the caller can tell whether another page follows). */
  list(tenantId: string, query: CampaignListQuery): Promise<Campaign[]> {
    const qb = this.repository.createQueryBuilder('campaign').where('campaign.tenantId = :tenantId', { tenantId });
    if (query.status) qb.andWhere('campaign.status = :status', { status: query.status });
    return keysetRows(qb, query.limit, query.cursor);
  }

  /**
   * Applies changes and bumps the version in one statement; with `ifMatch`, only
   * while the row is at that version. Undefined when no row matched (absent, or
   * a stale version).
   */
  update(tenantId: string, id: string, changes: CampaignChanges, at: Date, ifMatch?: number): Promise<Campaign | undefined> {
    return this.updateWhere({ id, tenantId, ...(ifMatch === undefined ? {} : { version: ifMatch }) }, { ...changes }, at);
  }

  /**
   * Moves the campaign to `to` if its status is one of `from`, bumping the
   * version, in one statement. Undefined when it is absent or in another status.
   */
  transition(
    tenantId: string,
    id: string,
    from: readonly CampaignStatus[],
    to: CampaignStatus,
    at: Date,
    manager?: EntityManager,
  ): Promise<Campaign | undefined> {
    return this.updateWhere({ id, tenantId, status: In(from) }, { status: to }, at, manager);
  }

  private async updateWhere(
    where: FindOptionsWhere<Campaign>,
    set: QueryDeepPartialEntity<Campaign>,
    at: Date,
    manager?: EntityManager,
  ): Promise<Campaign | undefined> {
    const result = await (manager?.getRepository(Campaign) ?? this.repository)
      .createQueryBuilder()
      .update()
      .set({ ...set, version: () => 'version + 1', updatedAt: at })
      .where(where)
      .returning('*')
      .execute();
    return entityFromRow(this.repository, result.raw);
  }
}
