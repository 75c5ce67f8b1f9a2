import { Injectable } from '@nestjs/common';
import { Clock, keysetSql, PreconditionFailedError, toPage, type Page } from '#switchboard/common';
import { Database } from '#switchboard/database';
import type { Agent, Presence } from './agent.entity.js';
import { AgentNotFoundError } from './agents.errors.js';
import { AgentDto } from './dto/agent.dto.js';
import type { ListAgentsQueryDto } from './dto/list-agents-query.dto.js';

export interface AgentChanges {
  name?: string;
  presence?: Presence;
}

/** An `agents` row under the `Agent` field names. */
const AGENT_COLUMNS = `id, tenant_id AS "tenantId", sub, name, email, role, presence, version, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Agents of a tenant. Every query is scoped by tenant: another tenant's agent is a 404. */
@Injectable()
export class AgentsService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /**
   * The id of the tenant's agent with this identity subject, or null when that
   * subject never signed in (e.g. a telephony event naming an unknown agent).
   */
  async findIdBySub(tenantId: string, sub: string): Promise<string | null> {
    const [row] = await this.db.query<{ id: string }>(`SELECT id FROM agents WHERE tenant_id = $1 AND sub = $2`, [tenantId, sub]);
    return row?.id ?? null;
  }

  async get(tenantId: string, id: string): Promise<Agent> {
    const [agent] = await this.db.query<Agent>(`SELECT ${AGENT_COLUMNS} FROM agents WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    if (!agent) throw new AgentNotFoundError();
    return agent;
  }

  async list(tenantId: string, query: ListAgentsQueryDto): Promise<Page<AgentDto>> {
    const params: unknown[] = [tenantId];
    let where = 'tenant_id = $1';
    if (query.presence) where += ` AND presence = $${params.push(query.presence)}`;
    const page = keysetSql(params, query.limit, query.cursor);
    const rows = await this.db.query<Agent>(`SELECT ${AGENT_COLUMNS} FROM agents WHERE ${where}${page.after} ${page.orderAndLimit}`, params);
    return toPage(rows, query.limit, AgentDto.of);
  }

  /**
   * Applies changes in one `UPDATE … RETURNING`, guarded by the version named in
   * If-Match when there is one: a stale version is a 412, never a lost update.
   */
  async update(tenantId: string, id: string, changes: AgentChanges, ifMatch?: number): Promise<Agent> {
    const params: unknown[] = [tenantId, id];
    const set: string[] = [];
    if (changes.name !== undefined) set.push(`name = $${params.push(changes.name)}`);
    if (changes.presence !== undefined) set.push(`presence = $${params.push(changes.presence)}`);
    if (set.length === 0) {
      const agent = await this.get(tenantId, id);
      if (ifMatch !== undefined && ifMatch !== agent.version) throw new PreconditionFailedError();
      return agent;
    }
    set.push('version = version + 1', `updated_at = $${params.push(this.clock.now())}`);
    let where = 'tenant_id = $1 AND id = $2';
    if (ifMatch !== undefined) where += ` AND version = $${params.push(ifMatch)}`;
    const [agent] = await this.db.query<Agent>(`UPDATE agents SET ${set.join(', ')} WHERE ${where} RETURNING ${AGENT_COLUMNS}`, params);
    if (agent) return agent;
    await this.get(tenantId, id); // 404 when absent; otherwise the version was stale
    throw new PreconditionFailedError();
  }
}
