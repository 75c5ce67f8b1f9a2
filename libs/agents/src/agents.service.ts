import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { applyKeyset, Clock, PreconditionFailedError, toPage, type Page } from '@switchboard/common';
import type { Repository } from 'typeorm';
import { Agent, type Presence } from './agent.entity.js';
import { AgentNotFoundError } from './agents.errors.js';
import { AgentDto } from './dto/agent.dto.js';
import type { ListAgentsQueryDto } from './dto/list-agents-query.dto.js';

export interface AgentChanges {
  name?: string;
  presence?: Presence;
}

type AgentRow = Record<string, any>;

function fromRow(row: AgentRow): Agent {
  return Object.assign(new Agent(), {
    id: row.id,
    tenantId: row.tenant_id,
    sub: row.sub,
    name: row.name,
    email: row.email,
    role: row.role,
    presence: row.presence,
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  });
}

/** Agents of a tenant. Every query is scoped by tenant: another tenant's agent is a 404. */
@Injectable()
export class AgentsService {
  constructor(
    @InjectRepository(Agent) private readonly agents: Repository<Agent>,
    private readonly clock: Clock,
  ) {}

  /**
   * The id of the tenant's agent with this identity subject, or null when that
   * subject never signed in (e.g. a telephony event naming an unknown agent).
   */
  async findIdBySub(tenantId: string, sub: string): Promise<string | null> {
    const row = await this.agents.findOne({ select: { id: true }, where: { tenantId, sub } });
    return row?.id ?? null;
  }

  async get(tenantId: string, id: string): Promise<Agent> {
    const agent = await this.agents.findOneBy({ tenantId, id });
    if (!agent) throw new AgentNotFoundError();
    return agent;
  }

  async list(tenantId: string, query: ListAgentsQueryDto): Promise<Page<AgentDto>> {
    const qb = this.agents.createQueryBuilder('a').where('a.tenantId = :tenantId', { tenantId });
    if (query.presence) qb.andWhere('a.presence = :presence', { presence: query.presence });
    const rows = await applyKeyset(qb, 'a', query.limit, query.cursor).getMany();
    return toPage(rows, query.limit, AgentDto.of);
  }

  /**
   * Applies changes in one `UPDATE … RETURNING`, guarded by the version named in
   * If-Match when there is one: a stale version is a 412, never a lost update.
   */
  async update(tenantId: string, id: string, changes: AgentChanges, ifMatch?: number): Promise<Agent> {
    const set: Record<string, unknown> = {};
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.presence !== undefined) set.presence = changes.presence;
    if (Object.keys(set).length === 0) {
      const agent = await this.get(tenantId, id);
      if (ifMatch !== undefined && ifMatch !== agent.version) throw new PreconditionFailedError();
      return agent;
    }
    const qb = this.agents
      .createQueryBuilder()
      .update(Agent)
      .set({ ...set, version: () => 'version + 1', updatedAt: this.clock.now() })
      .where('tenant_id = :tenantId AND id = :id', { tenantId, id });
    if (ifMatch !== undefined) qb.andWhere('version = :version', { version: ifMatch });
    const result = await qb.returning('*').execute();
    const row = (result.raw as AgentRow[])[0];
    if (row) return fromRow(row);
    await this.get(tenantId, id); // 404 when absent; otherwise the version was stale
    throw new PreconditionFailedError();
  }
}
