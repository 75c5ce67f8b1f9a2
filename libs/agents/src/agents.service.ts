import { Injectable } from '@nestjs/common';
import { Clock, PreconditionFailedError, toPage, type Page, type PageQueryDto } from '#switchboard/common';
import type { Agent } from './agent.entity.js';
import { AgentStateHistoryRepository } from './agent-state-history.repository.js';
import { AgentNotFoundError } from './agents.errors.js';
import { AgentsRepository, type AgentChanges } from './agents.repository.js';
import { AgentDto } from './dto/agent.dto.js';
import { AgentStayDto } from './dto/agent-stay.dto.js';
import type { ListAgentsQueryDto } from './dto/list-agents-query.dto.js';

export type { AgentChanges } from './agents.repository.js';

/**
 * Agents of a tenant. Every query is scoped by tenant: another tenant's agent is
 * a 404. Reads settle reserved and wrap_up states that lapsed first, so what they
 * show (and the version behind the ETag) is the state as of now.
 */
@Injectable()
export class AgentsService {
  constructor(
    private readonly agents: AgentsRepository,
    private readonly stays: AgentStateHistoryRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * The id of the tenant's agent with this identity subject, or null when that
   * subject never signed in (e.g. a telephony event naming an unknown agent).
   */
  findIdBySub(tenantId: string, sub: string): Promise<string | null> {
    return this.agents.findIdBySub(tenantId, sub);
  }

  async get(tenantId: string, id: string): Promise<Agent> {
    let agent = await this.agents.findOne(tenantId, id);
    const now = this.clock.now();
    if (agent?.stateUntil && agent.stateUntil <= now) {
      await this.agents.settleLapsed(tenantId, now, id);
      agent = await this.agents.findOne(tenantId, id);
    }
    if (!agent) throw new AgentNotFoundError();
    return agent;
  }

  /** One page of the tenant's agents with their states (the supervisor's board), filtered by state. */
  async list(tenantId: string, query: ListAgentsQueryDto): Promise<Page<AgentDto>> {
    await this.agents.settleLapsed(tenantId, this.clock.now());
    const rows = await this.agents.list(tenantId, { state: query.state, limit: query.limit, cursor: query.cursor });
    return toPage(rows, query.limit, AgentDto.of);
  }

  /** The agent's stays in its states, latest first. */
  async history(tenantId: string, id: string, query: PageQueryDto): Promise<Page<AgentStayDto>> {
    await this.get(tenantId, id);
    const rows = await this.stays.list(tenantId, id, query.limit, query.cursor);
    return toPage(
      rows.map((row) => Object.assign(row, { createdAt: row.startedAt })),
      query.limit,
      AgentStayDto.of,
    );
  }

  /**
   * Applies changes in one write, guarded by the version named in If-Match when
   * there is one: a stale version is a 412, never a lost update.
   */
  async update(tenantId: string, id: string, changes: AgentChanges, ifMatch?: number): Promise<Agent> {
    if (changes.name === undefined) {
      const agent = await this.get(tenantId, id);
      if (ifMatch !== undefined && ifMatch !== agent.version) throw new PreconditionFailedError();
      return agent;
    }
    const agent = await this.agents.update(tenantId, id, changes, this.clock.now(), ifMatch);
    if (agent) return agent;
    await this.get(tenantId, id); // 404 when absent; otherwise the version was stale
    throw new PreconditionFailedError();
  }
}
