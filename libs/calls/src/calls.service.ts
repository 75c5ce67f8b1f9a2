import { Injectable } from '@nestjs/common';
import { AgentStates, DEFAULT_WRAP_UP_SECONDS } from '#switchboard/agents';
import { AppCache } from '#switchboard/cache';
import { type CallbackRequest, CampaignsService } from '#switchboard/campaigns';
import { Clock, type FieldError, type Page, ValidationError } from '#switchboard/common';
import { ContactsRepository } from '#switchboard/contacts';
import { EventOutbox } from '#switchboard/events';
import { DataSource } from 'typeorm';
import { CallOutcomeService } from './call-outcome.service.js';
import type { Call } from './call.entity.js';
import { CallNotFoundError, CampaignNotFoundError, ContactNotFoundError } from './calls.errors.js';
import { CallsRepository } from './calls.repository.js';
import type { CreateCallDto } from './dto/create-call.dto.js';
import { toCallDto } from './dto/call.dto.js';
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
    private readonly events: EventOutbox,
    private readonly agentStates: AgentStates,
    private readonly contacts: ContactsRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Logs a finished call. The call, the contact's status, the campaign contact
   * and the agent's state (wrap_up) change in one transaction, with the
   * call.completed event; the tenant's reports are invalidated after commit.
   * With `providerCallId` the log and the provider's events for that call are one
   * row (docs/telephony.md): the outcome is applied once per disposition, whichever
   * arrives first.
   */
  async create(author: CallAuthor, dto: CreateCallDto): Promise<Call> {
    const startedAt = new Date(dto.startedAt);
    const answeredAt = dto.answeredAt ? new Date(dto.answeredAt) : null;
    const endedAt = new Date(dto.endedAt);
    assertChronological(startedAt, answeredAt, endedAt);
    const callback = callbackOf(dto);
    const { tenantId } = author;
    const wrapUpSeconds = dto.campaignId ? await this.campaigns.wrapUpSeconds(tenantId, dto.campaignId) : DEFAULT_WRAP_UP_SECONDS;
    if (wrapUpSeconds === null) throw new CampaignNotFoundError();

    const campaignId = dto.campaignId ?? null;
    const call = await this.dataSource.transaction(async (manager) => {
      // First, so the agent's row is locked before the campaign contact's, the order next-contact takes them in.
      await this.agentStates.wrapUp(tenantId, author.agentId, { campaignId, contactId: dto.contactId, seconds: wrapUpSeconds }, manager);
      const { call: logged, inserted } = await this.calls.log(
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
          providerCallId: dto.providerCallId ?? null,
          loggedAt: this.clock.now(),
        },
        manager,
      );
      // The provider's end already applied this very disposition: the contact is known and changes nothing twice.
      if (!inserted && logged.outcomeDisposition === dto.disposition) {
        if (!(await this.contacts.find(tenantId, dto.contactId, manager))) throw new ContactNotFoundError();
        return logged;
      }
      const origin = { source: 'disposition', actor: author.agentId } as const;
      const found = await this.outcome.apply(manager, tenantId, dto.contactId, logged.campaignId, dto.disposition, origin, author.agentId, callback);
      if (!found) throw new ContactNotFoundError();
      if (!inserted) await this.calls.markOutcome(tenantId, logged.id, dto.disposition, manager);
      const settled = { ...logged, outcomeDisposition: dto.disposition };
      await this.events.record(manager, { type: 'call.completed', tenantId, occurredAt: settled.endedAt ?? endedAt, data: toCallDto(settled) });
      return settled;
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
