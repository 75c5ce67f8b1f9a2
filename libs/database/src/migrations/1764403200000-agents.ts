import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Agents: one per (tenant, identity subject), provisioned at first sign-in. */
export class Agents1764403200000 implements MigrationInterface {
  name = 'Agents1764403200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        sub text NOT NULL,
        name text,
        email text,
        role text NOT NULL DEFAULT 'agent',
        presence text NOT NULL DEFAULT 'offline',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agents_role_check CHECK (role IN ('admin', 'supervisor', 'agent')),
        CONSTRAINT agents_presence_check CHECK (presence IN ('available', 'busy', 'offline'))
      )`);
    await q.query(`CREATE UNIQUE INDEX agents_tenant_sub_key ON agents (tenant_id, sub)`);
    await q.query(`CREATE INDEX agents_tenant_created_idx ON agents (tenant_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agents`);
  }
}
