/**
 * The reference server's copy of the product's list-working rules (issues 21,
 * 22 and 24): agent states with their history, a call's settlement under its
 * campaign's retry and callback rules, and the event outbox. The SQL is the
 * product's (libs/agents, libs/campaigns, libs/events), so both servers do the
 * same database work per request; only the framework around it differs.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';

/** An agent's row as `SELECT *` reads it. */
export interface AgentRow {
  id: string;
  tenant_id: string;
  state: string;
  state_campaign_id: string | null;
  state_contact_id: string | null;
  state_until: Date | null;
}

/** The agent's state at `at`: a reserved or wrap_up state past its lapse is available. */
export const stateAt = (agent: AgentRow, at: Date): string => (agent.state_until && agent.state_until <= at ? 'available' : agent.state);

export const LOCK_AGENT = `SELECT * FROM agents WHERE id = $1 AND tenant_id = $2 FOR UPDATE`;

/** The product's state move (libs/agents agents.repository.ts, MOVE). */
const MOVE = `
  WITH moved AS (
    UPDATE agents SET state = $3, state_reason = $4, state_campaign_id = $5, state_contact_id = $6, state_since = $7, state_until = $8,
      version = version + 1, updated_at = $7
    WHERE id = $1 AND tenant_id = $2
    RETURNING *),
  closed AS (
    UPDATE agent_state_history SET ended_at = coalesce($9, $7)
    WHERE agent_id = $1 AND tenant_id = $2 AND ended_at IS NULL AND started_at < coalesce($9, $7)),
  dropped AS (
    DELETE FROM agent_state_history WHERE agent_id = $1 AND tenant_id = $2 AND ended_at IS NULL AND started_at >= coalesce($9, $7)),
  lapsed AS (
    INSERT INTO agent_state_history (tenant_id, agent_id, state, started_at, ended_at)
    SELECT $2, $1, 'available', $9, $7 WHERE $9::timestamptz IS NOT NULL),
  opened AS (
    INSERT INTO agent_state_history (tenant_id, agent_id, state, reason, campaign_id, contact_id, started_at)
    SELECT tenant_id, id, state, state_reason, state_campaign_id, state_contact_id, state_since FROM moved)
  SELECT * FROM moved`;

/** Moves a locked agent to `state` at `at`, with its history. */
export async function moveAgent(
  client: pg.PoolClient,
  agent: AgentRow,
  next: { state: string; campaignId?: string | null; contactId?: string | null; until?: Date | null },
  at: Date,
): Promise<void> {
  const lapse = agent.state_until && agent.state_until < at ? agent.state_until : null;
  await client.query(MOVE, [agent.id, agent.tenant_id, next.state, null, next.campaignId ?? null, next.contactId ?? null, at, next.until ?? null, lapse]);
}

/** The agent holds the lease: reserved until it expires (the same lease again only moves its lapse). */
export async function reserveAgent(client: pg.PoolClient, agent: AgentRow, campaignId: string, contactId: string, until: Date, at: Date): Promise<void> {
  if (stateAt(agent, at) === 'reserved' && agent.state_campaign_id === campaignId && agent.state_contact_id === contactId) {
    await client.query(`UPDATE agents SET state_until = $1, version = version + 1, updated_at = $2 WHERE tenant_id = $3 AND id = $4 RETURNING *`, [
      until,
      at,
      agent.tenant_id,
      agent.id,
    ]);
    return;
  }
  await moveAgent(client, agent, { state: 'reserved', campaignId, contactId, until }, at);
}

/** A call was logged: the agent wraps it up for `seconds`, unless it is on a break or offline. */
export async function wrapUpAgent(
  client: pg.PoolClient,
  agent: AgentRow,
  campaignId: string | null,
  contactId: string,
  seconds: number,
  at: Date,
): Promise<void> {
  const state = stateAt(agent, at);
  if (state === 'break' || state === 'offline') return;
  if (seconds === 0) {
    if (state !== 'available') await moveAgent(client, agent, { state: 'available' }, at);
    return;
  }
  await moveAgent(client, agent, { state: 'wrap_up', campaignId, contactId, until: new Date(at.getTime() + seconds * 1000) }, at);
}

/** The product's settleable row with its campaign's rules and the legal hours (libs/campaigns, SETTLEABLE). */
const SETTLEABLE = `
  SELECT cc.state, cc.attempts, to_char(cc.attempts_day, 'YYYY-MM-DD') AS "attemptsDay", cc.day_attempts AS "dayAttempts", cc.time_zone AS "timeZone",
    json_build_object(
      'retryRules', k.retry_rules, 'maxAttemptsPerDay', k.max_attempts_per_day, 'callbackGraceMinutes', k.callback_grace_minutes,
      'callbackDefaultDelayMinutes', k.callback_default_delay_minutes, 'windowStart', k.window_start, 'windowEnd', k.window_end) AS rules,
    json_build_object('start', coalesce(s.calling_hours_start, $6), 'end', coalesce(s.calling_hours_end, $7)) AS legal
  FROM campaign_contacts cc
  JOIN campaigns k ON k.id = cc.campaign_id AND k.tenant_id = cc.tenant_id
  LEFT JOIN tenant_settings s ON s.tenant_id = cc.tenant_id
  WHERE cc.tenant_id = $1 AND cc.campaign_id = $2 AND cc.contact_id = $3
    AND (cc.state <> 'leased' OR cc.leased_to = $4 OR cc.lease_expires_at <= coalesce($5::timestamptz, now()))
  FOR UPDATE OF cc`;

const SETTLE = `
  UPDATE campaign_contacts SET state = $4, attempts = $5, attempts_day = $6, day_attempts = $7, last_disposition = $8, next_attempt_at = $9,
    available_at = coalesce($10::timestamptz, '-infinity'), callback_owner = NULL, priority = $11, lease_expires_at = NULL,
    leased_to = CASE WHEN $4 = 'done' THEN leased_to END, updated_at = $12
  WHERE tenant_id = $1 AND campaign_id = $2 AND contact_id = $3`;

interface Settleable {
  attempts: number;
  attemptsDay: string | null;
  dayAttempts: number;
  rules: {
    retryRules: { disposition: string; delayMinutes: number; maxAttempts: number }[];
    maxAttemptsPerDay: number | null;
    callbackDefaultDelayMinutes: number;
  };
}

const MINUTE = 60_000;

/**
 * Settles the campaign contact a call was logged for, under the product's rules
 * (libs/campaigns settlement.ts, without a booked callback time, which the
 * benchmark's calls never carry): a callback is scheduled after the campaign's
 * default delay, a disposition with a retry rule is scheduled or exhausted,
 * anything else is done.
 */
export async function settleCampaignContact(
  client: pg.PoolClient,
  tenantId: string,
  campaignId: string,
  contactId: string,
  agentId: string,
  disposition: string,
  now: Date,
): Promise<void> {
  const { rows } = await client.query<Settleable>(SETTLEABLE, [tenantId, campaignId, contactId, agentId, null, '08:00', '21:00']);
  const row = rows[0];
  if (!row) return;
  const today = now.toISOString().slice(0, 10);
  const dayAttempts = row.attemptsDay === today ? row.dayAttempts + 1 : 1;
  const attempts = row.attempts + 1;
  let state = 'done';
  let next: Date | null = null;
  let priority = 1;
  if (disposition === 'callback') {
    state = 'scheduled';
    next = new Date(now.getTime() + row.rules.callbackDefaultDelayMinutes * MINUTE);
    priority = 0;
  } else {
    const rule = row.rules.retryRules.find((r) => r.disposition === disposition);
    if (rule) {
      state = attempts >= rule.maxAttempts ? 'exhausted' : 'scheduled';
      if (state === 'scheduled') next = new Date(now.getTime() + rule.delayMinutes * MINUTE);
    }
  }
  await client.query(SETTLE, [tenantId, campaignId, contactId, state, attempts, today, dayAttempts, disposition, next, next, priority, now]);
}

/** Records a domain event in the caller's transaction (libs/events EventOutbox). */
export async function recordEvent(client: pg.PoolClient, tenantId: string, type: string, occurredAt: Date, data: unknown): Promise<void> {
  const id = randomUUID();
  const payload = { eventId: id, type, occurredAt: occurredAt.toISOString(), tenantId, data };
  await client.query(`INSERT INTO event_outbox (id, tenant_id, type, occurred_at, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    id,
    tenantId,
    type,
    occurredAt,
    payload,
    new Date(),
  ]);
}
