import { Injectable } from '@nestjs/common';
import { AppCache } from '#switchboard/cache';
import { type CallbackRequest, CampaignsService } from '#switchboard/campaigns';
import { type FieldError, type Page, ValidationError } from '#switchboard/common';
import { DataSource } from 'typeorm';
import { CallOutcomeService } from './call-outcome.service.js';
import type { Call } from './call.entity.js';
import { CallNotFoundError, CampaignNotFoundError, ContactNotFoundError } from './calls.errors.js';
import { CallsRepository } from './calls.repository.js';
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
    private readonly dataSource: DataSource,
    private readonly calls: CallsRepository,
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

    const campaignId = dto.campaignId ?? null;
    const call = await this.dataSource.transaction(async (manager) => {
      const found = await this.outcome.apply(manager, tenantId, dto.contactId, campaignId, dto.disposition, author.agentId, callbackOf(dto));
      if (!found) throw new ContactNotFoundError();
      return this.calls.insert(
        {
          tenantId,
          contactId: dto.contactId,
          agentId: author.agentId,
          campaignId,
          direction: dto.direction,
          startedAt,
          answeredAt,
          endedAt,
          disposition: dto.disposition,
          notes: dto.notes ?? null,
        },
        manager,
      );
    });
    await this.cache.invalidateGroup(callReportsCacheGroup(tenantId));
    return call;
  }

  /** Calls of the tenant, newest first, filtered; `from`/`to` are half-open on `startedAt`. */
  async list(tenantId: string, query: ListCallsQueryDto): Promise<Page<Call>> {
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && to <= from) throw new ValidationError([{ field: 'to', code: 'NOT_AFTER_FROM', message: 'to must be after from.' }]);
    const { contactId, agentId, campaignId } = query;
    return this.calls.list(tenantId, { contactId, agentId, campaignId, from, to }, query.limit, query.cursor);
  }

  /** One call of the tenant; another tenant's is as absent as a missing one. */
  async get(tenantId: string, id: string): Promise<Call> {
    const call = await this.calls.findOne(tenantId, id);
    if (!call) throw new CallNotFoundError();
    return call;
  }
}

/** The callback a call books: only with a callback disposition (400 otherwise). */
function callbackOf(dto: CreateCallDto): CallbackRequest | undefined {
  if (!dto.callback) return undefined;
  if (dto.disposition !== 'callback') {
    throw new ValidationError([{ field: 'callback', code: 'NOT_A_CALLBACK', message: 'callback is only for disposition callback.' }]);
  }
  return { at: new Date(dto.callback.at), owner: dto.callback.owner };
}

function assertChronological(startedAt: Date, answeredAt: Date | null, endedAt: Date): void {
  const errors: FieldError[] = [];
  if (answeredAt && answeredAt < startedAt)
    errors.push({ field: 'answeredAt', code: 'BEFORE_STARTED_AT', message: 'answeredAt must not be before startedAt.' });
  if (endedAt < (answeredAt ?? startedAt)) {
    const after = answeredAt ? 'answeredAt' : 'startedAt';
    errors.push({ field: 'endedAt', code: `BEFORE_${after === 'answeredAt' ? 'ANSWERED_AT' : 'STARTED_AT'}`, message: `endedAt must not be before ${after}.` });
  }
  if (errors.length) throw new ValidationError(errors);
}
