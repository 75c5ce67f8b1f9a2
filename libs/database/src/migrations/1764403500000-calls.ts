import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calls: one interaction with a contact, logged by an agent. Links to contacts,
 * agents and campaigns are plain id columns (features stay separable). Each list
 * filter has an index in the list's own order (`created_at desc, id desc`), and
 * `started_at` has one for the `[from, to)` ranges of lists and reports.
 */
export class Calls1764403500000 implements MigrationInterface {
  name = 'Calls1764403500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calls (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        contact_id uuid,
        contact_phone text,
        agent_id uuid,
        campaign_id uuid,
        direction text,
        started_at timestamptz,
        answered_at timestamptz,
        ended_at timestamptz,
        disposition text,
        notes text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT calls_direction_check CHECK (direction IN ('inbound', 'outbound')),
        CONSTRAINT calls_disposition_check CHECK (disposition IN
          ('sale', 'no_answer', 'busy', 'voicemail', 'callback', 'not_interested', 'wrong_number', 'do_not_call'))
      )`);
    await q.query(`CREATE INDEX calls_tenant_created_idx ON calls (tenant_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX calls_tenant_contact_idx ON calls (tenant_id, contact_id, created_at DESC, id DESC) WHERE contact_id IS NOT NULL`);
    await q.query(`CREATE INDEX calls_tenant_agent_idx ON calls (tenant_id, agent_id, created_at DESC, id DESC) WHERE agent_id IS NOT NULL`);
    await q.query(`CREATE INDEX calls_tenant_campaign_idx ON calls (tenant_id, campaign_id, created_at DESC, id DESC) WHERE campaign_id IS NOT NULL`);
    await q.query(`CREATE INDEX calls_tenant_started_idx ON calls (tenant_id, started_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calls`);
  }
}
