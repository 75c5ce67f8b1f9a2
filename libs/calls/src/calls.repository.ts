import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type Page, toPage } from '#switchboard/common';
import { entityFromRow, keysetRows } from '#switchboard/database';
import type { EntityManager, Repository } from 'typeorm';
import type { CallDirection, CallDisposition } from './call-disposition.js';
import { Call } from './call.entity.js';

/** A call an agent logs: every field known, the call finished. */
export interface NewCall {
  tenantId: string;
  contactId: string;
  agentId: string;
  campaignId: string | null;
  direction: CallDirection;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date;
  disposition: CallDisposition;
  notes: string | null;
}

/** The filters of a call list; `from`/`to` are half-open on `startedAt`. */
export interface CallFilter {
  contactId?: string;
  agentId?: string;
  campaignId?: string;
  from?: Date;
  to?: Date;
}

/** One `GROUP BY disposition` row of a tenant's finished calls: what reports fold into figures. */
export interface DispositionRow {
  disposition: string | null;
  calls: number;
  answered: number;
  talkSeconds: number;
}

// Finished calls only: an in-progress provider call has no disposition or talk time yet.
const FIGURES = `
  disposition,
  count(*)::int AS calls,
  count(answered_at)::int AS answered,
  COALESCE(sum(GREATEST(extract(epoch FROM ended_at - answered_at), 0)) FILTER (WHERE answered_at IS NOT NULL), 0)::float8 AS "talkSeconds"`;

/** Every query on `calls`, the telephony merge aside (CallEventsRepository: one statement with the event's record). */
@Injectable()
export class CallsRepository {
  constructor(@InjectRepository(Call) private readonly repository: Repository<Call>) {}

  /** Inserts a logged call in one round trip (`insert … returning`), inside the caller's transaction when given. */
  async insert(call: NewCall, manager?: EntityManager): Promise<Call> {
    const calls = (manager ?? this.repository.manager).getRepository(Call);
    const result = await calls.createQueryBuilder().insert().values(call).returning('*').updateEntity(false).execute();
    return entityFromRow(calls, result.raw as Record<string, unknown>[])!;
  }

  /** One call of the tenant, or null (another tenant's is as absent as a missing one). */
  findOne(tenantId: string, id: string): Promise<Call | null> {
    return this.repository.findOneBy({ tenantId, id });
  }

  /** One keyset page of the tenant's calls, newest first (`created_at desc, id desc`). */
  async list(tenantId: string, filter: CallFilter, limit: number, cursor?: string): Promise<Page<Call>> {
    const query = this.repository.createQueryBuilder('call').where('call.tenantId = :tenantId', { tenantId });
    if (filter.contactId) query.andWhere('call.contactId = :contactId', { contactId: filter.contactId });
    if (filter.agentId) query.andWhere('call.agentId = :agentId', { agentId: filter.agentId });
    if (filter.campaignId) query.andWhere('call.campaignId = :campaignId', { campaignId: filter.campaignId });
    if (filter.from) query.andWhere('call.startedAt >= :from', { from: filter.from });
    if (filter.to) query.andWhere('call.startedAt < :to', { to: filter.to });
    return toPage(await keysetRows(query, limit, cursor), limit);
  }

  /** Figures per disposition of one campaign's finished calls. */
  campaignFigures(tenantId: string, campaignId: string): Promise<DispositionRow[]> {
    return this.repository.manager.query(
      `SELECT ${FIGURES} FROM calls
       WHERE tenant_id = $1 AND campaign_id = $2 AND ended_at IS NOT NULL
       GROUP BY disposition`,
      [tenantId, campaignId],
    );
  }

  /** Figures per agent and disposition of finished calls started in `[from, to)` (either bound optional), by agent. */
  agentFigures(tenantId: string, from: Date | null, to: Date | null): Promise<(DispositionRow & { agentId: string })[]> {
    return this.repository.manager.query(
      `SELECT agent_id AS "agentId", ${FIGURES} FROM calls
       WHERE tenant_id = $1 AND agent_id IS NOT NULL AND ended_at IS NOT NULL
         AND ($2::timestamptz IS NULL OR started_at >= $2) AND ($3::timestamptz IS NULL OR started_at < $3)
       GROUP BY agent_id, disposition ORDER BY agent_id`,
      [tenantId, from, to],
    );
  }
}
