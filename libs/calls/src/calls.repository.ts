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
  /** The provider's id of the same call: the log merges with the provider's events for it. */
  providerCallId: string | null;
  loggedAt: Date;
}

/** A logged call, and whether this log created its row (else it merged into the provider's). */
export interface LoggedCall {
  call: Call;
  inserted: boolean;
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

/**
 * An agent's log of a call the provider knows by id: inserted with its outcome
 * marked as applied (the caller applies it in the same transaction), or merged into
 * the row the provider's events built. The agent's links, disposition and notes
 * win; a timestamp the provider reported stays the provider's. `xmax = 0` tells a
 * fresh row from an updated one. ON CONFLICT waits for a writer racing on the same
 * provider call id and then merges into its committed row.
 */
const LOG_PROVIDER_CALL = `
  INSERT INTO calls (tenant_id, provider_call_id, contact_id, agent_id, campaign_id, direction,
                     started_at, answered_at, ended_at, disposition, notes, logged_at, outcome_disposition)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $10)
  ON CONFLICT (tenant_id, provider_call_id) WHERE provider_call_id IS NOT NULL DO UPDATE SET
    contact_id = EXCLUDED.contact_id,
    agent_id = EXCLUDED.agent_id,
    campaign_id = COALESCE(EXCLUDED.campaign_id, calls.campaign_id),
    direction = EXCLUDED.direction,
    started_at = CASE WHEN calls.provider_reported & 1 = 0 THEN EXCLUDED.started_at ELSE calls.started_at END,
    answered_at = CASE WHEN calls.provider_reported & 2 = 0 THEN EXCLUDED.answered_at ELSE calls.answered_at END,
    ended_at = CASE WHEN calls.provider_reported & 4 = 0 THEN EXCLUDED.ended_at ELSE calls.ended_at END,
    disposition = EXCLUDED.disposition,
    notes = EXCLUDED.notes,
    logged_at = EXCLUDED.logged_at,
    version = calls.version + 1,
    updated_at = now()
  RETURNING *, (xmax = 0) AS inserted`;

/** Every query on `calls`, the telephony merge aside (CallEventsRepository: one statement with the event's record). */
@Injectable()
export class CallsRepository {
  constructor(@InjectRepository(Call) private readonly repository: Repository<Call>) {}

  /**
   * Writes an agent's log in one round trip, inside the caller's transaction: a plain
   * insert, or with a provider call id the merge into that call's row.
   */
  async log(call: NewCall, manager: EntityManager): Promise<LoggedCall> {
    const calls = manager.getRepository(Call);
    if (!call.providerCallId) {
      const values = { ...call, outcomeDisposition: call.disposition };
      const result = await calls.createQueryBuilder().insert().values(values).returning('*').updateEntity(false).execute();
      return { call: entityFromRow(calls, result.raw as Record<string, unknown>[])!, inserted: true };
    }
    const rows: (Record<string, unknown> & { inserted: boolean })[] = await manager.query(LOG_PROVIDER_CALL, [
      call.tenantId,
      call.providerCallId,
      call.contactId,
      call.agentId,
      call.campaignId,
      call.direction,
      call.startedAt,
      call.answeredAt,
      call.endedAt,
      call.disposition,
      call.notes,
      call.loggedAt,
    ]);
    return { call: entityFromRow(calls, rows)!, inserted: rows[0]!.inserted };
  }

  /**
   * Records that the outcome of `disposition` was applied to the call, inside the
   * transaction that applied it. Bookkeeping, not a change of the call: raw SQL,
   * because TypeORM's update would bump the version and updated_at.
   */
  async markOutcome(tenantId: string, id: string, disposition: CallDisposition, manager: EntityManager): Promise<void> {
    await manager.query('UPDATE calls SET outcome_disposition = $3 WHERE tenant_id = $1 AND id = $2', [tenantId, id, disposition]);
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
