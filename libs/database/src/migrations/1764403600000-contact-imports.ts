import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contact imports and the chunks already applied: a row in `contact_import_chunks`
 * is written in the same transaction as the chunk's contacts, so a redelivered
 * SQS message finds it and changes nothing.
 */
export class ContactImports1764403600000 implements MigrationInterface {
  name = 'ContactImports1764403600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contact_imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        status text NOT NULL DEFAULT 'queued',
        total integer NOT NULL,
        chunks integer NOT NULL,
        processed integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0,
        errors jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CONSTRAINT contact_imports_status_check CHECK (status IN ('queued', 'processing', 'completed', 'failed')),
        CONSTRAINT contact_imports_counts_check CHECK (total >= 0 AND processed >= 0 AND failed >= 0 AND failed <= processed AND processed <= total)
      )`);
    await q.query(`CREATE INDEX contact_imports_tenant_created_idx ON contact_imports (tenant_id, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE contact_import_chunks (
        import_id uuid NOT NULL REFERENCES contact_imports (id) ON DELETE CASCADE,
        chunk_index integer NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (import_id, chunk_index)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE contact_import_chunks`);
    await q.query(`DROP TABLE contact_imports`);
  }
}
