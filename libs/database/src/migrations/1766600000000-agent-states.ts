import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agent states (issue 22, item 3) replace the presence that nothing enforced:
 * available, reserved (holds a lease), wrap_up, break (with a tenant's reason)
 * and offline, each with its start, and every stay kept in
 * `agent_state_history`. Presence maps as available → available, busy →
 * available (it meant nothing the server acted on), offline → offline; each
 * agent's current state opens its history. A campaign sets how long its calls'
 * wrap-up lasts (`wrap_up_seconds`, default 30).
 */
export class AgentStates1766600000000 implements MigrationInterface {
  name = 'AgentStates1766600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE agents
        ADD COLUMN state text NOT NULL DEFAULT 'available',
        ADD COLUMN state_since timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN state_reason text,
        ADD COLUMN state_campaign_id uuid,
        ADD COLUMN state_contact_id uuid,
        ADD COLUMN state_until timestamptz`);
    await q.query(`UPDATE agents SET state = CASE presence WHEN 'offline' THEN 'offline' ELSE 'available' END, state_since = updated_at`);
    await q.query(`ALTER TABLE agents DROP CONSTRAINT agents_presence_check, DROP COLUMN presence`);
    await q.query(`
      ALTER TABLE agents
        ADD CONSTRAINT agents_state_check CHECK (state IN ('available', 'reserved', 'wrap_up', 'break', 'offline')),
        ADD CONSTRAINT agents_state_until_check CHECK ((state IN ('reserved', 'wrap_up')) = (state_until IS NOT NULL))`);
    await q.query(`CREATE INDEX agents_tenant_state_until_idx ON agents (tenant_id, state_until) WHERE state_until IS NOT NULL`);

    await q.query(`
      CREATE TABLE agent_state_history (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        agent_id uuid NOT NULL,
        state text NOT NULL,
        reason text,
        campaign_id uuid,
        contact_id uuid,
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        CONSTRAINT agent_state_history_agent_id_fkey FOREIGN KEY (agent_id) REFERENCES agents (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX agent_state_history_agent_idx ON agent_state_history (agent_id, started_at)`);
    await q.query(`CREATE INDEX agent_state_history_tenant_ended_idx ON agent_state_history (tenant_id, ended_at)`);
    await q.query(`INSERT INTO agent_state_history (tenant_id, agent_id, state, started_at) SELECT tenant_id, id, state, state_since FROM agents`);

    await q.query(`
      CREATE TABLE break_reasons (
        tenant_id text NOT NULL,
        code text NOT NULL,
        label text NOT NULL,
        position integer NOT NULL,
        CONSTRAINT break_reasons_pkey PRIMARY KEY (tenant_id, code)
      )`);

    await q.query(`
      ALTER TABLE campaigns
        ADD COLUMN wrap_up_seconds integer NOT NULL DEFAULT 30,
        ADD CONSTRAINT campaigns_wrap_up_seconds_check CHECK (wrap_up_seconds BETWEEN 0 AND 3600)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaigns DROP CONSTRAINT campaigns_wrap_up_seconds_check, DROP COLUMN wrap_up_seconds`);
    await q.query(`DROP TABLE break_reasons`);
    await q.query(`DROP TABLE agent_state_history`);
    await q.query(`DROP INDEX agents_tenant_state_until_idx`);
    await q.query(`ALTER TABLE agents DROP CONSTRAINT agents_state_until_check, DROP CONSTRAINT agents_state_check`);
    await q.query(`ALTER TABLE agents ADD COLUMN presence text NOT NULL DEFAULT 'offline'`);
    await q.query(`UPDATE agents SET presence = CASE state WHEN 'offline' THEN 'offline' WHEN 'available' THEN 'available' ELSE 'busy' END`);
    await q.query(`ALTER TABLE agents ADD CONSTRAINT agents_presence_check CHECK (presence IN ('available', 'busy', 'offline'))`);
    await q.query(
      `ALTER TABLE agents DROP COLUMN state, DROP COLUMN state_since, DROP COLUMN state_reason, DROP COLUMN state_campaign_id, DROP COLUMN state_contact_id, DROP COLUMN state_until`,
    );
  }
}
