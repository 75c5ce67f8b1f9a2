import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { decodeCursor } from '#switchboard/common';
import type { Repository } from 'typeorm';
import { AgentStateChange } from './agent-state-change.entity.js';
import type { AgentState } from './agent.entity.js';

/** Seconds one agent spent in one state (and break reason) within a range. */
export interface TimeInStateRow {
  agentId: string;
  state: AgentState;
  reason: string | null;
  seconds: number;
}

/**
 * Seconds in each (agent, state, reason) over `[$2, $3)`: each stay clipped to
 * the range, the open ones running until $4 (now). Stays that ended before the
 * range are passed over through the (tenant, ended_at) index.
 */
const TIME_IN_STATES = `
  SELECT agent_id AS "agentId", state, reason,
    sum(extract(epoch FROM least(coalesce(ended_at, $4), $3) - greatest(started_at, $2)))::float8 AS seconds
  FROM agent_state_history
  WHERE tenant_id = $1 AND (ended_at > $2 OR ended_at IS NULL) AND started_at < least($3, $4)
  GROUP BY agent_id, state, reason
  HAVING sum(extract(epoch FROM least(coalesce(ended_at, $4), $3) - greatest(started_at, $2))) > 0
  ORDER BY agent_id, state, reason`;

/** Every query on `agent_state_history` but the writes of a change of state (AgentsRepository moves an agent and its history in one statement). */
@Injectable()
export class AgentStateHistoryRepository {
  constructor(@InjectRepository(AgentStateChange) private readonly repository: Repository<AgentStateChange>) {}

  /** One page of an agent's stays, latest first, with one row more than `limit`. */
  list(tenantId: string, agentId: string, limit: number, cursor?: string): Promise<AgentStateChange[]> {
    const qb = this.repository.createQueryBuilder('stay').where('stay.tenantId = :tenantId AND stay.agentId = :agentId', { tenantId, agentId });
    if (cursor) {
      const after = decodeCursor(cursor);
      qb.andWhere('(stay.startedAt, stay.id) < (:afterStartedAt, :afterId)', { afterStartedAt: after.createdAt, afterId: after.id });
    }
    return qb
      .orderBy('stay.startedAt', 'DESC')
      .addOrderBy('stay.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  /** Seconds per agent, state and break reason within `[from, to)`, open stays counted until `now`. */
  async timeInStates(tenantId: string, from: Date | null, to: Date | null, now: Date): Promise<TimeInStateRow[]> {
    const params = [tenantId, from ?? new Date(0), to ?? now, now];
    return this.repository.query<TimeInStateRow[]>(TIME_IN_STATES, params);
  }
}
