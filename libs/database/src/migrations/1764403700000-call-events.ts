import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Telephony call events: calls reported by the provider are keyed by its call id,
 * and every applied event id is recorded (in the same transaction as its effect)
 * so a redelivered or duplicated event changes nothing.
 */
export class CallEvents1764403700000 implements MigrationInterface {
  name = 'CallEvents1764403700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calls ADD COLUMN provider_call_id text, ADD COLUMN recording_url text`);
    await q.query(`CREATE UNIQUE INDEX calls_tenant_provider_call_key ON calls (tenant_id, provider_call_id) WHERE provider_call_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE call_events (
        tenant_id text NOT NULL,
        event_id text NOT NULL,
        provider_call_id text NOT NULL,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT call_events_pkey PRIMARY KEY (tenant_id, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE call_events`);
    await q.query(`ALTER TABLE calls DROP COLUMN provider_call_id, DROP COLUMN recording_url`);
  }
}
