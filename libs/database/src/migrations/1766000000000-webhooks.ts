import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbound webhooks (issue 24): the event outbox features write in their own
 * transactions, the tenants' subscriptions (secrets sealed), and the deliveries,
 * whose pending rows are the retry schedule.
 */
export class Webhooks1766000000000 implements MigrationInterface {
  name = 'Webhooks1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event_outbox (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX event_outbox_created_idx ON event_outbox (created_at, id)`);

    await q.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        url text NOT NULL,
        events text[] NOT NULL,
        description text,
        secret_sealed text NOT NULL,
        previous_secret_sealed text,
        previous_secret_expires_at timestamptz,
        paused boolean NOT NULL DEFAULT false,
        paused_reason text,
        failing_since timestamptz,
        dispatched_until timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhook_subscriptions_tenant_created_idx ON webhook_subscriptions (tenant_id, created_at, id)`);

    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        subscription_id uuid NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        last_status_code integer,
        last_error text,
        next_attempt_at timestamptz,
        retry_until timestamptz NOT NULL,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('pending', 'delivered', 'failed')),
        CONSTRAINT webhook_deliveries_subscription_event_key UNIQUE (subscription_id, event_id),
        CONSTRAINT webhook_deliveries_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES webhook_subscriptions (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (subscription_id, occurred_at, id) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX webhook_deliveries_next_attempt_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (subscription_id, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_subscriptions`);
    await q.query(`DROP TABLE event_outbox`);
  }
}
