import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calling hours in the callee's time zone (issue 21, item 2) and leases judged
 * by the database's clock (item 5).
 *
 * - `tenant_settings`: a tenant's legal calling hours (default 08:00–21:00).
 * - `campaign_contacts.time_zone`: the callee's zone, copied when the contact
 *   joins (its own zone, else the campaign's) and kept in step by a trigger
 *   when the contact's zone changes. `campaigns.time_zones` lists the zones its
 *   contacts have, so next-contact probes only the zones inside their hours now.
 * - `campaign_contacts.available_at`: when the row may be handed out (-infinity
 *   while pending, the lease's expiry while leased); the pick reads
 *   `campaign_contacts_pick_idx` per zone in that order and stops at its first row.
 *
 * The contacts lib owns `contacts.time_zone`; this reads it through
 * `to_jsonb(contact) ->> 'time_zone'` so it does not depend on which of the two
 * migrations runs first (absent column: null, the campaign's zone applies).
 */
export class CallingHours1766500000000 implements MigrationInterface {
  name = 'CallingHours1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tenant_settings (
        tenant_id text PRIMARY KEY,
        calling_hours_start text NOT NULL DEFAULT '08:00',
        calling_hours_end text NOT NULL DEFAULT '21:00',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT tenant_settings_calling_hours_check CHECK (
          calling_hours_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND calling_hours_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'
          AND calling_hours_start <> calling_hours_end)
      )`);

    await q.query(`ALTER TABLE campaigns ADD COLUMN time_zones text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE campaign_contacts ADD COLUMN time_zone text, ADD COLUMN available_at timestamptz NOT NULL DEFAULT '-infinity'`);
    await q.query(`
      UPDATE campaign_contacts cc SET time_zone = coalesce(to_jsonb(c) ->> 'time_zone', k.timezone), available_at = coalesce(cc.lease_expires_at, '-infinity')
      FROM campaigns k, contacts c WHERE k.id = cc.campaign_id AND c.id = cc.contact_id`);
    await q.query(`UPDATE campaign_contacts cc SET time_zone = k.timezone FROM campaigns k WHERE k.id = cc.campaign_id AND cc.time_zone IS NULL`);
    await q.query(`ALTER TABLE campaign_contacts ALTER COLUMN time_zone SET NOT NULL`);
    await q.query(`UPDATE campaigns k SET time_zones = ARRAY(SELECT DISTINCT time_zone FROM campaign_contacts cc WHERE cc.campaign_id = k.id)`);

    await q.query(`DROP INDEX campaign_contacts_available_idx`);
    await q.query(`
      CREATE INDEX campaign_contacts_pick_idx ON campaign_contacts (campaign_id, time_zone, available_at, contact_id) WHERE state <> 'done'`);

    // A contact whose zone changes takes its campaign contacts along (and its campaigns learn the zone).
    await q.query(`
      CREATE FUNCTION campaign_contacts_follow_contact_zone() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        WITH moved AS (
          UPDATE campaign_contacts cc SET time_zone = coalesce(to_jsonb(NEW) ->> 'time_zone', k.timezone)
          FROM campaigns k WHERE cc.tenant_id = NEW.tenant_id AND cc.contact_id = NEW.id AND k.id = cc.campaign_id
          RETURNING cc.campaign_id, cc.time_zone)
        UPDATE campaigns k SET time_zones = array_append(k.time_zones, m.time_zone)
        FROM moved m WHERE k.id = m.campaign_id AND NOT (m.time_zone = ANY (k.time_zones));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER contacts_time_zone_changed AFTER UPDATE ON contacts FOR EACH ROW
      WHEN ((to_jsonb(OLD) ->> 'time_zone') IS DISTINCT FROM (to_jsonb(NEW) ->> 'time_zone'))
      EXECUTE FUNCTION campaign_contacts_follow_contact_zone()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER contacts_time_zone_changed ON contacts`);
    await q.query(`DROP FUNCTION campaign_contacts_follow_contact_zone()`);
    await q.query(`DROP INDEX campaign_contacts_pick_idx`);
    await q.query(`
      CREATE INDEX campaign_contacts_available_idx ON campaign_contacts
        (campaign_id, (coalesce(lease_expires_at, '-infinity'::timestamptz)), contact_id) WHERE state <> 'done'`);
    await q.query(`ALTER TABLE campaign_contacts DROP COLUMN time_zone, DROP COLUMN available_at`);
    await q.query(`ALTER TABLE campaigns DROP COLUMN time_zones`);
    await q.query(`DROP TABLE tenant_settings`);
  }
}
