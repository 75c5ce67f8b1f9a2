import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One call, one record (issue 21, item 3): an agent's log and the provider's events
 * with the same provider call id merge into one row. The row remembers who said
 * what: when an agent logged it (its disposition wins), which timestamps the
 * provider reported (they win), and the disposition whose outcome was applied (so
 * the contact and campaign contact change once).
 */
export class OneCallOneRecord1766400000000 implements MigrationInterface {
  name = 'OneCallOneRecord1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE calls
        ADD COLUMN logged_at timestamptz,
        ADD COLUMN provider_reported smallint NOT NULL DEFAULT 0,
        ADD COLUMN outcome_disposition text`);
    // Rows so far were either an agent's log (no provider call id) or the provider's alone.
    await q.query(`UPDATE calls SET logged_at = created_at WHERE provider_call_id IS NULL`);
    await q.query(`
      UPDATE calls SET provider_reported = (CASE WHEN started_at IS NULL THEN 0 ELSE 1 END)
                                         | (CASE WHEN answered_at IS NULL THEN 0 ELSE 2 END)
                                         | (CASE WHEN ended_at IS NULL THEN 0 ELSE 4 END)
      WHERE provider_call_id IS NOT NULL`);
    await q.query(`UPDATE calls SET outcome_disposition = disposition WHERE ended_at IS NOT NULL AND contact_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calls DROP COLUMN logged_at, DROP COLUMN provider_reported, DROP COLUMN outcome_disposition`);
  }
}
