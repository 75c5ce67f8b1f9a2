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
  async findWithCallingHours(tenantId: string, id: string): Promise<CampaignWithCallingHours | undefined> {
    const { entities, raw } = await this.repository
      .createQueryBuilder('campaign')
      .leftJoin('tenant_settings', 'settings', 'settings.tenant_id = campaign.tenant_id')
      .addSelect(['settings.calling_hours_start AS legal_start', 'settings.calling_hours_end AS legal_end'])
      .where({ id, tenantId })
      .getRawAndEntities<{ legal_start: string | null; legal_end: string | null }>();
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
