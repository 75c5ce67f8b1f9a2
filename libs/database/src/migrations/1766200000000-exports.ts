import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk exports (issue 24, item 4): one row per export, written by the request
 * that asks for it and by the `exports` worker that produces its file.
 */
export class Exports1766200000000 implements MigrationInterface {
  name = 'Exports1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE exports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        type text NOT NULL,
        format text NOT NULL DEFAULT 'csv',
        filter jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'queued',
        row_count integer NOT NULL DEFAULT 0,
        file_key text,
        failure text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        completed_at timestamptz,
        CONSTRAINT exports_type_check CHECK (type IN ('calls', 'contacts', 'campaign-contacts')),
        CONSTRAINT exports_format_check CHECK (format IN ('csv')),
        CONSTRAINT exports_status_check CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        CONSTRAINT exports_row_count_check CHECK (row_count >= 0)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE exports`);
  }
}
