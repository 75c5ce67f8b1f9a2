import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AgentDirectory, AgentSignIn } from '#switchboard/auth';
import { entityFromRow, keysetRows } from '#switchboard/database';
import type { EntityManager, QueryDeepPartialEntity, Repository } from 'typeorm';
import { Agent, type Presence } from './agent.entity.js';

export interface AgentChanges {
  name?: string;
  presence?: Presence;
}

export interface AgentListQuery {
  presence?: Presence;
  limit: number;
  cursor?: string;
}

/**
 * Sign-in's upsert: name and email fill in when the token has them, the role
 * label follows the roles claim at each sign-in, and the version and updated_at
 * move only when something changed. Concurrent first requests meet on the
 * (tenant_id, sub) unique index, so they make one agent. `RETURNING` gives the
 * row whether it inserted or updated.
 */
const PROVISION = `
  INSERT INTO agents AS a (tenant_id, sub, name, email, role, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $6)
  ON CONFLICT (tenant_id, sub) DO UPDATE SET
    name = COALESCE(a.name, EXCLUDED.name),
    email = COALESCE(EXCLUDED.email, a.email),
    role = EXCLUDED.role,
    version = a.version + (CASE WHEN (a.name, a.email, a.role) IS DISTINCT FROM (COALESCE(a.name, EXCLUDED.name), COALESCE(EXCLUDED.email, a.email), EXCLUDED.role) THEN 1 ELSE 0 END),
    updated_at = CASE WHEN (a.name, a.email, a.role) IS DISTINCT FROM (COALESCE(a.name, EXCLUDED.name), COALESCE(EXCLUDED.email, a.email), EXCLUDED.role) THEN EXCLUDED.updated_at ELSE a.updated_at END
  RETURNING id`;

/**
 * Every query on `agents`: the agents routes', other features' look-ups, and
 * sign-in provisioning (it is auth's AgentDirectory, so the table has one owner).
 * Every query is scoped by tenant.
 */
@Injectable()
export class AgentsRepository implements AgentDirectory {
  constructor(@InjectRepository(Agent) private readonly repository: Repository<Agent>) {}

  async provision(signIn: AgentSignIn): Promise<string> {
    const rows: { id: string }[] = await this.repository.query(PROVISION, [signIn.tenantId, signIn.sub, signIn.name, signIn.email, signIn.role, signIn.at]);
    return rows[0]!.id;
  }

  findOne(tenantId: string, id: string): Promise<Agent | null> {
    return this.repository.findOneBy({ tenantId, id });
  }

  async findIdBySub(tenantId: string, sub: string): Promise<string | null> {
    const agent = await this.repository.findOne({ select: { id: true }, where: { tenantId, sub } });
    return agent?.id ?? null;
  }

  /** One keyset page, newest first, with one row more than `limit` (so the caller can tell whether another page follows). */
  list(tenantId: string, query: AgentListQuery): Promise<Agent[]> {
    const qb = this.repository.createQueryBuilder('agent').where('agent.tenantId = :tenantId', { tenantId });
    if (query.presence) qb.andWhere('agent.presence = :presence', { presence: query.presence });
    return keysetRows(qb, query.limit, query.cursor);
  }

  /**
   * Applies changes in one `UPDATE … RETURNING`, bumping the version; with
   * `ifMatch`, only while the row is at that version. Undefined when no row
   * matched (absent, or a stale version).
   */
  async update(tenantId: string, id: string, changes: AgentChanges, at: Date, ifMatch?: number): Promise<Agent | undefined> {
    const set: QueryDeepPartialEntity<Agent> = { version: () => 'version + 1', updatedAt: at };
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.presence !== undefined) set.presence = changes.presence;
    const result = await this.repository
      .createQueryBuilder()
      .update()
      .set(set)
      .where({ tenantId, id, ...(ifMatch === undefined ? {} : { version: ifMatch }) })
      .returning('*')
      .execute();
    return entityFromRow(this.repository, result.raw);
  }

  /**
   * Locks the agent's row until the caller's transaction ends: serialises one
   * agent's concurrent requests (a double click) where they must not interleave.
   * A row lock rather than an advisory lock: advisory locks pin the session
   * behind RDS Proxy.
   */
  async lock(tenantId: string, id: string, manager: EntityManager): Promise<void> {
    await manager.query(`SELECT 1 FROM agents WHERE id = $1 AND tenant_id = $2 FOR UPDATE`, [id, tenantId]);
  }
}
