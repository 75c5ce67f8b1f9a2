import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AppCache } from '@switchboard/cache';
import { CampaignsService } from '@switchboard/campaigns';
import { applyKeyset, type FieldError, type Page, toPage, ValidationError } from '@switchboard/common';
import type { Repository } from 'typeorm';
import { CallOutcomeService } from './call-outcome.service.js';
import { Call, callFromRow } from './call.entity.js';
import { CallNotFoundError, CampaignNotFoundError, ContactNotFoundError } from './calls.errors.js';
import type { CreateCallDto } from './dto/create-call.dto.js';
import type { ListCallsQueryDto } from './dto/list-calls-query.dto.js';
import { callReportsCacheGroup } from './reports-cache.js';

/** Who logs the call: the caller's tenant and agent row. */
export interface CallAuthor {
  tenantId: string;
  agentId: string;
}

@Injectable()
export class CallsService {
  constructor(
    @InjectRepository(Call) private readonly calls: Repository<Call>,
    private readonly outcome: CallOutcomeService,
    private readonly campaigns: CampaignsService,
    private readonly cache: AppCache,
  ) {}

  /**
   * Logs a finished call. The call, the contact's status and the campaign contact
   * change in one transaction; the tenant's reports are invalidated after commit.
   */
  async create(author: CallAuthor, dto: CreateCallDto): Promise<Call> {
    const startedAt = new Date(dto.startedAt);
    const answeredAt = dto.answeredAt ? new Date(dto.answeredAt) : null;
    const endedAt = new Date(dto.endedAt);
    assertChronological(startedAt, answeredAt, endedAt);
    const { tenantId } = author;
    if (dto.campaignId && !(await this.campaigns.exists(tenantId, dto.campaignId))) throw new CampaignNotFoundError();

    const call = await this.calls.manager.transaction(async (manager) => {
      const found = await this.outcome.apply(manager, tenantId, dto.contactId, dto.campaignId ?? null, dto.disposition);
      if (!found) throw new ContactNotFoundError();
      const rows: Record<string, unknown>[] = await manager.query(
        `INSERT INTO calls (tenant_id, contact_id, agent_id, campaign_id, direction, started_at, answered_at, ended_at, disposition, notes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [tenantId, dto.contactId, author.agentId, dto.campaignId ?? null, dto.direction, startedAt, answeredAt, endedAt, dto.disposition, dto.notes ?? null],
      );
      return callFromRow(rows[0]!);
    });
    await this.cache.invalidateGroup(callReportsCacheGroup(tenantId));
    return call;
  }

  /** Calls of the tenant, newest first, filtered; `from`/`to` are half-open on `startedAt`. */
  async list(tenantId: string, query: ListCallsQueryDto): Promise<Page<Call>> {
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && to <= from) throw new ValidationError([{ field: 'to', code: 'NOT_AFTER_FROM', message: 'to must be after from.' }]);

    const qb = this.calls.createQueryBuilder('call').where('call.tenantId = :tenantId', { tenantId });
    if (query.contactId) qb.andWhere('call.contactId = :contactId', { contactId: query.contactId });
    if (query.agentId) qb.andWhere('call.agentId = :agentId', { agentId: query.agentId });
    if (query.campaignId) qb.andWhere('call.campaignId = :campaignId', { campaignId: query.campaignId });
    if (from) qb.andWhere('call.startedAt >= :from', { from });
    if (to) qb.andWhere('call.startedAt < :to', { to });
    return toPage(await applyKeyset(qb, 'call', query.limit, query.cursor).getMany(), query.limit);
  }

  /** One call of the tenant; another tenant's is as absent as a missing one. */
  async get(tenantId: string, id: string): Promise<Call> {
    const call = await this.calls.findOneBy({ tenantId, id });
    if (!call) throw new CallNotFoundError();
    return call;
  }
}

function assertChronological(startedAt: Date, answeredAt: Date | null, endedAt: Date): void {
  const errors: FieldError[] = [];
  if (answeredAt && answeredAt < startedAt) errors.push({ field: 'answeredAt', code: 'BEFORE_STARTED_AT', message: 'answeredAt must not be before startedAt.' });
  if (endedAt < (answeredAt ?? startedAt)) {
    const after = answeredAt ? 'answeredAt' : 'startedAt';
    errors.push({ field: 'endedAt', code: `BEFORE_${after === 'answeredAt' ? 'ANSWERED_AT' : 'STARTED_AT'}`, message: `endedAt must not be before ${after}.` });
  }
  if (errors.length) throw new ValidationError(errors);
}
