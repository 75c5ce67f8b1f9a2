import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contacts. Every index is partial on live rows (`deleted_at is null`): deleted
 * contacts are never listed, and their phone may be used again. Search is a
 * case-insensitive prefix, served by `text_pattern_ops` indexes (no pg_trgm).
 */
export class Contacts1764403300000 implements MigrationInterface {
  name = 'Contacts1764403300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        name text NOT NULL,
        phone text NOT NULL,
        email text,
        tags text[] NOT NULL DEFAULT '{}',
        fields jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'new',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        CONSTRAINT contacts_status_check CHECK (status IN ('new', 'contacted', 'callback', 'do_not_call')),
        CONSTRAINT contacts_fields_object_check CHECK (jsonb_typeof(fields) = 'object')
      )`);
    await q.query(`CREATE UNIQUE INDEX contacts_tenant_phone_live_key ON contacts (tenant_id, phone) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX contacts_tenant_created_idx ON contacts (tenant_id, created_at DESC, id DESC) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX contacts_tenant_status_created_idx ON contacts (tenant_id, status, created_at DESC, id DESC) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX contacts_tags_idx ON contacts USING gin (tags) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX contacts_tenant_name_prefix_idx ON contacts (tenant_id, lower(name) text_pattern_ops) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX contacts_tenant_email_prefix_idx ON contacts (tenant_id, lower(email) text_pattern_ops) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX contacts_tenant_phone_prefix_idx ON contacts (tenant_id, phone text_pattern_ops) WHERE deleted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE contacts`);
  }
}
