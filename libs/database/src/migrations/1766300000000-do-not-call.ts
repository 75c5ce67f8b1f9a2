import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The do-not-call list (issue 21, item 1) and each contact's time zone (item 2).
 * `dnc_numbers` is the list, `dnc_history` every change to it; contact imports
 * gain a `kind` so numbers travel through the same import pipeline. The numbers
 * of contacts already `do_not_call` are listed, so the list starts out holding
 * everything the old status meant.
 */
export class DoNotCall1766300000000 implements MigrationInterface {
  name = 'DoNotCall1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dnc_numbers (
        tenant_id text NOT NULL,
        phone text NOT NULL,
        reason text,
        source text NOT NULL,
        listed_by text NOT NULL,
        listed_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, phone),
        CONSTRAINT dnc_numbers_source_check CHECK (source IN ('api', 'import', 'disposition', 'event'))
      )`);
    await q.query(`
      CREATE TABLE dnc_history (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        phone text NOT NULL,
        action text NOT NULL,
        source text NOT NULL,
        actor text NOT NULL,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT dnc_history_action_check CHECK (action IN ('added', 'removed')),
        CONSTRAINT dnc_history_source_check CHECK (source IN ('api', 'import', 'disposition', 'event'))
      )`);
    await q.query(`CREATE INDEX dnc_history_tenant_created_idx ON dnc_history (tenant_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX dnc_history_tenant_phone_created_idx ON dnc_history (tenant_id, phone, created_at DESC, id DESC)`);
    await q.query(`ALTER TABLE contacts ADD COLUMN time_zone text`);
    await q.query(`ALTER TABLE contact_imports ADD COLUMN kind text NOT NULL DEFAULT 'contacts'`);
    await q.query(`ALTER TABLE contact_imports ADD CONSTRAINT contact_imports_kind_check CHECK (kind IN ('contacts', 'dnc'))`);

    const reason = 'Listed from the contact status do_not_call when the list was introduced';
    await q.query(
      `INSERT INTO dnc_numbers (tenant_id, phone, reason, source, listed_by, listed_at)
       SELECT DISTINCT ON (tenant_id, phone) tenant_id, phone, $1, 'api', 'migration', now()
       FROM contacts WHERE status = 'do_not_call'
       ON CONFLICT DO NOTHING`,
      [reason],
    );
    await q.query(
      `INSERT INTO dnc_history (tenant_id, phone, action, source, actor, reason, created_at)
       SELECT tenant_id, phone, 'added', source, listed_by, reason, listed_at FROM dnc_numbers`,
    );
    // A listed number is do_not_call on every contact that carries it, deleted ones included.
    await q.query(
      `UPDATE contacts c SET status = 'do_not_call', version = version + 1
       FROM dnc_numbers d WHERE d.tenant_id = c.tenant_id AND d.phone = c.phone AND c.status <> 'do_not_call'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contact_imports DROP CONSTRAINT contact_imports_kind_check`);
    await q.query(`ALTER TABLE contact_imports DROP COLUMN kind`);
    await q.query(`ALTER TABLE contacts DROP COLUMN time_zone`);
    await q.query(`DROP TABLE dnc_history`);
    await q.query(`DROP TABLE dnc_numbers`);
  }
}
