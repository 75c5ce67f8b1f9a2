import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hand-out (POST /v1/campaigns/:id/next-contact) as a database function.
 * Postgres spent 1.7 ms planning the statement for 0.5 ms running it
 * (pg_stat_statements under bench:max), on every call: the application sends
 * unnamed statements only, because named prepared statements would pin RDS
 * Proxy sessions, and unnamed ones are planned each time. A PL/pgSQL function
 * keeps the plan of its query for the connection's life (and RDS Proxy pins no
 * session for calling one), so a hand-out costs one plan per connection. The
 * generic plan is forced: left to choose, Postgres kept planning each call
 * afresh under load (its estimate of the generic plan ran higher than the
 * custom ones), though the generic plan probes the same indexes.
 *
 * The query is the one CampaignContactsRepository documents (`handOut`);
 * change it with a new migration that replaces this function.
 * p_db_now: the clock's stand-in for the database's now() (null: now()), which judges leases;
 * p_now: the application's clock (updated_at); p_zones: the zones inside their calling hours now.
 */
export class CampaignHandOut1766900000000 implements MigrationInterface {
  name = 'CampaignHandOut1766900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION campaign_hand_out(
        p_tenant text, p_campaign uuid, p_agent uuid, p_lease_seconds int, p_now timestamptz, p_db_now timestamptz, p_zones text[])
      RETURNS TABLE (id uuid, name text, phone text, email text, status text, time_zone text, lease_expires_at timestamptz)
      LANGUAGE plpgsql VOLATILE
      SET plan_cache_mode = force_generic_plan
      AS $hand_out$
      #variable_conflict use_column
      BEGIN
        RETURN QUERY
          WITH live AS (SELECT k.id FROM campaigns k WHERE k.id = p_campaign AND k.tenant_id = p_tenant AND k.status = 'active'),
          t AS (SELECT coalesce(p_db_now, now()) AS now, coalesce(p_db_now, now()) + p_lease_seconds * interval '1 second' AS expires),
          held AS (
            UPDATE campaign_contacts cc SET lease_expires_at = t.expires, available_at = t.expires, updated_at = p_now
            FROM t, live
            WHERE cc.tenant_id = p_tenant AND cc.campaign_id = p_campaign AND cc.state = 'leased' AND cc.leased_to = p_agent AND cc.lease_expires_at > t.now
              AND cc.time_zone = ANY(p_zones)
              AND EXISTS (SELECT 1 FROM contacts c WHERE c.id = cc.contact_id AND c.tenant_id = cc.tenant_id AND c.deleted_at IS NULL AND c.status <> 'do_not_call')
            RETURNING cc.contact_id, cc.lease_expires_at, cc.tenant_id, cc.time_zone),
          owned AS (
            SELECT cc.campaign_id, cc.contact_id FROM live, t, campaign_contacts cc
            JOIN contacts c ON c.id = cc.contact_id AND c.tenant_id = cc.tenant_id AND c.deleted_at IS NULL AND c.status <> 'do_not_call'
            WHERE cc.callback_owner = p_agent AND cc.state = 'scheduled' AND cc.next_attempt_at <= t.now AND cc.campaign_id = p_campaign
              AND cc.time_zone = ANY(p_zones) AND NOT EXISTS (SELECT 1 FROM held)
            ORDER BY cc.next_attempt_at
            LIMIT 1
            FOR UPDATE OF cc SKIP LOCKED),
          pick AS (
            SELECT p.campaign_id, p.contact_id FROM live, t, unnest(p_zones) z(zone), (VALUES (0::smallint), (1::smallint)) pr(priority),
            LATERAL (
              SELECT cc.campaign_id, cc.contact_id, cc.priority, cc.available_at FROM campaign_contacts cc
              JOIN contacts c ON c.id = cc.contact_id AND c.tenant_id = cc.tenant_id AND c.deleted_at IS NULL AND c.status <> 'do_not_call'
              WHERE cc.campaign_id = p_campaign AND cc.time_zone = z.zone AND cc.priority = pr.priority
                AND cc.state IN ('pending', 'leased', 'scheduled') AND cc.available_at <= t.now
              ORDER BY cc.available_at, cc.contact_id
              LIMIT 1
              FOR UPDATE OF cc SKIP LOCKED) p
            WHERE NOT EXISTS (SELECT 1 FROM held) AND NOT EXISTS (SELECT 1 FROM owned)
            ORDER BY p.priority, p.available_at, p.contact_id
            LIMIT 1),
          chosen AS (SELECT * FROM owned UNION ALL SELECT * FROM pick),
          taken AS (
            UPDATE campaign_contacts cc SET state = 'leased', leased_to = p_agent, lease_expires_at = t.expires, available_at = t.expires, priority = 1, updated_at = p_now
            FROM chosen pick, t WHERE cc.campaign_id = pick.campaign_id AND cc.contact_id = pick.contact_id AND cc.tenant_id = p_tenant
            RETURNING cc.contact_id, cc.lease_expires_at, cc.tenant_id, cc.time_zone),
          leased AS (SELECT * FROM held UNION ALL SELECT * FROM taken)
          SELECT c.id, c.name, c.phone, c.email, c.status, cc.time_zone, cc.lease_expires_at FROM leased cc
          JOIN contacts c ON c.id = cc.contact_id AND c.tenant_id = cc.tenant_id
          LIMIT 1;
      END
      $hand_out$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION campaign_hand_out(text, uuid, uuid, int, timestamptz, timestamptz, text[])');
  }
}
