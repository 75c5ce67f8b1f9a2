import { Injectable } from '@nestjs/common';
import { AppCache } from '#switchboard/cache';
import { CampaignsService } from '#switchboard/campaigns';
import { type FieldError, keysetSql, type Page, toPage, ValidationError } from '#switchboard/common';
import { Database } from '#switchboard/database';
import { CallOutcomeService } from './call-outcome.service.js';
import { type Call, CALL_COLUMNS } from './call.entity.js';
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
    private readonly db: Database,
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

    const call = await this.db.transaction(async (tx) => {
      const found = await this.outcome.apply(tx, tenantId, dto.contactId, dto.campaignId ?? null, dto.disposition);
      if (!found) throw new ContactNotFoundError();
      const [created] = await tx.query<Call>(
        `INSERT INTO calls (tenant_id, contact_id, agent_id, campaign_id, direction, started_at, answered_at, ended_at, disposition, notes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${CALL_COLUMNS}`,
        [tenantId, dto.contactId, author.agentId, dto.campaignId ?? null, dto.direction, startedAt, answeredAt, endedAt, dto.disposition, dto.notes ?? null],
      );
      return created!;
    });
    await this.cache.invalidateGroup(callReportsCacheGroup(tenantId));
    return call;
  }

  /** Calls of the tenant, newest first, filtered; `from`/`to` are half-open on `startedAt`. */
  async list(tenantId: string, query: ListCallsQueryDto): Promise<Page<Call>> {
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && to <= from) throw new ValidationError([{ field: 'to', code: 'NOT_AFTER_FROM', message: 'to must be after from.' }]);

    const params: unknown[] = [tenantId];
    let where = 'tenant_id = $1';
    if (query.contactId) where += ` AND contact_id = $${params.push(query.contactId)}`;
    if (query.agentId) where += ` AND agent_id = $${params.push(query.agentId)}`;
    if (query.campaignId) where += ` AND campaign_id = $${params.push(query.campaignId)}`;
    if (from) where += ` AND started_at >= $${params.push(from)}`;
    if (to) where += ` AND started_at < $${params.push(to)}`;
    const page = keysetSql(params, query.limit, query.cursor);
    const rows = await this.db.query<Call>(`SELECT ${CALL_COLUMNS} FROM calls WHERE ${where}${page.after} ${page.orderAndLimit}`, params);
    return toPage(rows, query.limit);
  }

  /** One call of the tenant; another tenant's is as absent as a missing one. */
  async get(tenantId: string, id: string): Promise<Call> {
    const [call] = await this.db.query<Call>(`SELECT ${CALL_COLUMNS} FROM calls WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
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
