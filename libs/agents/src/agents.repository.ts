import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AgentDirectory, AgentSignIn } from '#switchboard/auth';
import { entityFromRow, keysetRows } from '#switchboard/database';
import type { EntityManager, QueryDeepPartialEntity, Repository } from 'typeorm';
import { Agent, type AgentState } from './agent.entity.js';

export interface AgentChanges {
  name?: string;
}

export interface AgentListQuery {
  state?: AgentState;
  limit: number;
  cursor?: string;
}

/** The state an agent moves to, with what it is about. */
export interface NextAgentState {
  state: AgentState;
  reason?: string | null;
  campaignId?: string | null;
  contactId?: string | null;
  /** When a reserved or wrap_up state lapses to available. */
  until?: Date | null;
}

/**
 * Sign-in's upsert: name and email fill in when the token has them, the role
 * label follows the roles claim at each sign-in, and the version and updated_at
 * move only when something changed. Concurrent first requests meet on the
 * (tenant_id, sub) unique index, so they make one agent. `RETURNING` gives the
 * row whether it inserted or updated.
 */
const PROVISION = `
  WITH provisioned AS (
  INSERT INTO agents AS a (tenant_id, sub, name, email, role, created_at, updated_at, state_since)
  VALUES ($1, $2, $3, $4, $5, $6, $6, $6)
  ON CONFLICT (tenant_id, sub) DO UPDATE SET
    name = COALESCE(a.name, EXCLUDED.name),
    email = COALESCE(EXCLUDED.email, a.email),
    role = EXCLUDED.role,
    version = a.version + (CASE WHEN (a.name, a.email, a.role) IS DISTINCT FROM (COALESCE(a.name, EXCLUDED.name), COALESCE(EXCLUDED.email, a.email), EXCLUDED.role) THEN 1 ELSE 0 END),
    updated_at = CASE WHEN (a.name, a.email, a.role) IS DISTINCT FROM (COALESCE(a.name, EXCLUDED.name), COALESCE(EXCLUDED.email, a.email), EXCLUDED.role) THEN EXCLUDED.updated_at ELSE a.updated_at END
  RETURNING a.id, a.tenant_id, a.state, a.state_since, (a.xmax = 0) AS inserted),
  -- A new agent's first state opens its history.
  opened AS (
    INSERT INTO agent_state_history (tenant_id, agent_id, state, started_at)
    SELECT tenant_id, id, state, state_since FROM provisioned WHERE inserted)
  SELECT id FROM provisioned`;

/**
 * One change of state, one statement: the agent's row, its open history row
 * closed (or dropped when it took no time), and the new one opened. A state that had lapsed before the change
 * (`$9`) closes at its lapse, and the available stay since then is recorded too.
 * $1 agent, $2 tenant, $3–$8 the new state, reason, campaign, contact, since, until;
 * $9 the lapse or null.
 */
const MOVE = `
  WITH moved AS (
    UPDATE agents SET state = $3, state_reason = $4, state_campaign_id = $5, state_contact_id = $6, state_since = $7, state_until = $8,
      version = version + 1, updated_at = $7
    WHERE id = $1 AND tenant_id = $2
    RETURNING *),
  closed AS (
    UPDATE agent_state_history SET ended_at = coalesce($9, $7)
    WHERE agent_id = $1 AND tenant_id = $2 AND ended_at IS NULL AND started_at < coalesce($9, $7)),
  -- A stay that would end as it began took no time: dropped, so stays never tie on their start.
  dropped AS (
    DELETE FROM agent_state_history WHERE agent_id = $1 AND tenant_id = $2 AND ended_at IS NULL AND started_at >= coalesce($9, $7)),
  lapsed AS (
    INSERT INTO agent_state_history (tenant_id, agent_id, state, started_at, ended_at)
    SELECT $2, $1, 'available', $9, $7 WHERE $9::timestamptz IS NOT NULL),
  opened AS (
    INSERT INTO agent_state_history (tenant_id, agent_id, state, reason, campaign_id, contact_id, started_at)
    SELECT tenant_id, id, state, state_reason, state_campaign_id, state_contact_id, state_since FROM moved)
  SELECT * FROM moved`;

/**
 * Reserved and wrap_up states that lapsed by $2 become available from their
 * lapse, with their history rows, for one tenant ($1) or one agent ($3). A
 * concurrent change of an agent re-checks the lapse after it, so none is
 * recorded twice.
 */
const SETTLE_LAPSED = `
  WITH lapsed AS (
    UPDATE agents SET state = 'available', state_since = state_until, state_reason = NULL, state_campaign_id = NULL, state_contact_id = NULL,
      state_until = NULL, version = version + 1, updated_at = $2
    WHERE tenant_id = $1 AND state_until IS NOT NULL AND state_until <= $2 AND ($3::uuid IS NULL OR id = $3)
    RETURNING id, tenant_id, state_since),
  closed AS (
    UPDATE agent_state_history h SET ended_at = lapsed.state_since FROM lapsed WHERE h.agent_id = lapsed.id AND h.ended_at IS NULL)
  INSERT INTO agent_state_history (tenant_id, agent_id, state, started_at)
  SELECT tenant_id, id, 'available', state_since FROM lapsed`;

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
    if (query.state) qb.andWhere('agent.state = :state', { state: query.state });
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
    const result = await this.repository
      .createQueryBuilder()
      .update()
      .set(set)
      .where({ tenantId, id, ...(ifMatch === undefined ? {} : { version: ifMatch }) })
      .returning('*')
      .execute();
    return entityFromRow(this.repository, result.raw);
  }

  /** The agent's row, locked until the caller's transaction ends (see `lock`); undefined when absent. */
  async lockRow(tenantId: string, id: string, manager: EntityManager): Promise<Agent | undefined> {
    const rows: Record<string, unknown>[] = await manager.query(`SELECT * FROM agents WHERE id = $1 AND tenant_id = $2 FOR UPDATE`, [id, tenantId]);
    return entityFromRow(this.repository, rows);
  }

  /**
   * Moves a locked agent (`current`, read by `lockRow` in this transaction) to
   * `next` at `at`, with its history, and returns the agent as it now is.
   */
  async moveState(current: Agent, next: NextAgentState, at: Date, manager: EntityManager): Promise<Agent> {
    const lapse = current.stateUntil && current.stateUntil < at ? current.stateUntil : null;
    const params = [
      current.id,
      current.tenantId,
      next.state,
      next.reason ?? null,
      next.campaignId ?? null,
      next.contactId ?? null,
      at,
      next.until ?? null,
      lapse,
    ];
    const rows: Record<string, unknown>[] = await manager.query(MOVE, params);
    return entityFromRow(this.repository, rows)!;
  }

  /** Moves a locked agent's lapse (a lease extended), staying in its state: no history row. */
  async extendState(current: Agent, until: Date, at: Date, manager: EntityManager): Promise<Agent> {
    const result = await manager
      .createQueryBuilder()
      .update(Agent)
      .set({ stateUntil: until, version: () => 'version + 1', updatedAt: at })
      .where({ tenantId: current.tenantId, id: current.id })
      .returning('*')
      .execute();
    return entityFromRow(this.repository, result.raw as Record<string, unknown>[])!;
  }

  /** Settles the reserved and wrap_up states that lapsed by `at`: of the tenant, or of one agent. */
  async settleLapsed(tenantId: string, at: Date, agentId?: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.repository.manager).query(SETTLE_LAPSED, [tenantId, at, agentId ?? null]);
  }

  /**
   * Locks the agent's row until the caller's transaction ends: serialises one
   * agent's concurrent requests (a double click) where they must not interleave.
   * A row lock, released at the transaction's end like the transaction-level
   * advisory locks (which, unlike session-level ones, do not pin RDS Proxy).
   */
  async lock(tenantId: string, id: string, manager: EntityManager): Promise<void> {
    await manager.query(`SELECT 1 FROM agents WHERE id = $1 AND tenant_id = $2 FOR UPDATE`, [id, tenantId]);
  }
}
