import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Campaigns and their contacts. `campaign_contacts.contact_id` and `leased_to`
 * are ids of rows owned by the contacts and agents features (no foreign keys
 * across features).
 */
export class Campaigns1764403400000 implements MigrationInterface {
  name = 'Campaigns1764403400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE campaigns (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        name text NOT NULL,
        caller_id text NOT NULL,
        timezone text NOT NULL,
        window_start text NOT NULL,
        window_end text NOT NULL,
        status text NOT NULL DEFAULT 'draft',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT campaigns_status_check CHECK (status IN ('draft', 'active', 'paused', 'completed')),
        CONSTRAINT campaigns_window_check CHECK (
          window_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND window_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND window_start <> window_end)
      )`);
    // GET /v1/campaigns, newest first, with and without ?status.
    await q.query(`CREATE INDEX campaigns_tenant_created_idx ON campaigns (tenant_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX campaigns_tenant_status_created_idx ON campaigns (tenant_id, status, created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE campaign_contacts (
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        contact_id uuid NOT NULL,
        tenant_id text NOT NULL,
        state text NOT NULL DEFAULT 'pending',
        leased_to uuid,
        lease_expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, contact_id),
        CONSTRAINT campaign_contacts_state_check CHECK (state IN ('pending', 'leased', 'done')),
        CONSTRAINT campaign_contacts_lease_check CHECK ((state = 'leased') = (lease_expires_at IS NOT NULL) AND (state <> 'leased' OR leased_to IS NOT NULL))
      )`);
    // next-contact: rows that can be handed out, pending ones (no lease) first, then
    // expired leases oldest first. The expression matches the query's ORDER BY.
    await q.query(`
      CREATE INDEX campaign_contacts_available_idx ON campaign_contacts
        (campaign_id, (coalesce(lease_expires_at, '-infinity'::timestamptz)), contact_id) WHERE state <> 'done'`);
    // next-contact: the lease the calling agent already holds.
    await q.query(`CREATE INDEX campaign_contacts_leased_to_idx ON campaign_contacts (campaign_id, leased_to) WHERE state = 'leased'`);
    // Campaigns a contact belongs to (calls settle by campaign and contact; the PK serves that).
    await q.query(`CREATE INDEX campaign_contacts_contact_idx ON campaign_contacts (tenant_id, contact_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE campaign_contacts`);
    await q.query(`DROP TABLE campaigns`);
  }
}
