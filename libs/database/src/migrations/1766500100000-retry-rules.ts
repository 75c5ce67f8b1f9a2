import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Working the list (issue 22, items 1, 2 and 4): retry rules per campaign,
 * attempts and the next attempt per campaign contact, the `scheduled` and
 * `exhausted` states, and callbacks with an owner.
 *
 * - `campaigns.retry_rules`: `[{disposition, delayMinutes, maxAttempts}]`;
 *   `max_attempts_per_day` (null: no cap); `callback_grace_minutes` (after a
 *   callback's time, only its owner gets it for that long);
 *   `callback_default_delay_minutes` (a callback without a time).
 * - `campaign_contacts`: `attempts`, `attempts_day`/`day_attempts` (the cap per
 *   day, by UTC day), `last_disposition`, `next_attempt_at`, `callback_owner`.
 *   `priority` 0 puts due callbacks before fresh leads in the pick.
 */
export class RetryRules1766500100000 implements MigrationInterface {
  name = 'RetryRules1766500100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE campaigns
        ADD COLUMN retry_rules jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN max_attempts_per_day integer,
        ADD COLUMN callback_grace_minutes integer NOT NULL DEFAULT 15,
        ADD COLUMN callback_default_delay_minutes integer NOT NULL DEFAULT 60`);
    await q.query(`
      ALTER TABLE campaign_contacts
        ADD COLUMN attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN attempts_day date,
        ADD COLUMN day_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN last_disposition text,
        ADD COLUMN next_attempt_at timestamptz,
        ADD COLUMN callback_owner uuid,
        ADD COLUMN priority smallint NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE campaign_contacts DROP CONSTRAINT campaign_contacts_state_check`);
    await q.query(
      `ALTER TABLE campaign_contacts ADD CONSTRAINT campaign_contacts_state_check CHECK (state IN ('pending', 'leased', 'scheduled', 'done', 'exhausted'))`,
    );
    await q.query(`DROP INDEX campaign_contacts_pick_idx`);
    await q.query(`
      CREATE INDEX campaign_contacts_pick_idx ON campaign_contacts (campaign_id, time_zone, priority, available_at, contact_id)
        WHERE state IN ('pending', 'leased', 'scheduled')`);
    // A callback's owner's due callbacks, first in its hand-out; and GET /v1/me/callbacks.
    await q.query(`
      CREATE INDEX campaign_contacts_callback_owner_idx ON campaign_contacts (callback_owner, next_attempt_at) WHERE state = 'scheduled' AND callback_owner IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX campaign_contacts_callback_owner_idx`);
    await q.query(`DROP INDEX campaign_contacts_pick_idx`);
    await q.query(`DELETE FROM campaign_contacts WHERE state IN ('scheduled', 'exhausted')`);
    await q.query(`ALTER TABLE campaign_contacts DROP CONSTRAINT campaign_contacts_state_check`);
    await q.query(`ALTER TABLE campaign_contacts ADD CONSTRAINT campaign_contacts_state_check CHECK (state IN ('pending', 'leased', 'done'))`);
    await q.query(`CREATE INDEX campaign_contacts_pick_idx ON campaign_contacts (campaign_id, time_zone, available_at, contact_id) WHERE state <> 'done'`);
    await q.query(`
      ALTER TABLE campaign_contacts DROP COLUMN attempts, DROP COLUMN attempts_day, DROP COLUMN day_attempts, DROP COLUMN last_disposition,
        DROP COLUMN next_attempt_at, DROP COLUMN callback_owner, DROP COLUMN priority`);
    await q.query(`
      ALTER TABLE campaigns DROP COLUMN retry_rules, DROP COLUMN max_attempts_per_day, DROP COLUMN callback_grace_minutes, DROP COLUMN callback_default_delay_minutes`);
  }
}
