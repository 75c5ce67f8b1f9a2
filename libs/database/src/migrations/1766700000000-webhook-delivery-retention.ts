import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finished webhook deliveries (delivered or failed) are kept for
 * WEBHOOK_DELIVERY_RETENTION_DAYS, then the relay deletes them, oldest first:
 * this index finds them without reading the pending retry schedule.
 */
export class WebhookDeliveryRetention1766700000000 implements MigrationInterface {
  name = 'WebhookDeliveryRetention1766700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX webhook_deliveries_finished_idx ON webhook_deliveries (updated_at) WHERE status <> 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX webhook_deliveries_finished_idx');
  }
}
