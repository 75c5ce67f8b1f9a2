/**
 * The benchmark data set, written straight into the tables after the product's
 * own migrations: 50 tenants × 2,000 contacts, one active all-day campaign per
 * tenant holding every contact, the load users' agents, and call history.
 * Deterministic (no random()), so both sides of an A/B get identical databases.
 */
import pg from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../libs/database/src/migrations/index.js';

export const TENANTS = 50;
export const CONTACTS_PER_TENANT = 2000;
export const CALLS_PER_TENANT = 500;
/** Load users per tenant (1,000 users over 50 tenants); the first AGENTS_PER_TENANT are agents. */
export const USERS_PER_TENANT = 20;
export const AGENTS_PER_TENANT = 16;

export interface LoadUser {
  tenant: string;
  role: 'agent' | 'supervisor';
  sub: string;
  name: string;
}

export interface TenantFixture {
  tenant: string;
  campaignId: string;
  contactIds: string[];
}

export interface Fixture {
  tenants: TenantFixture[];
  users: LoadUser[];
}

export const tenantName = (t: number) => `tenant-${String(t).padStart(2, '0')}`;

export function loadUsers(): LoadUser[] {
  const users: LoadUser[] = [];
  for (let t = 1; t <= TENANTS; t++) {
    for (let u = 1; u <= USERS_PER_TENANT; u++) {
      const role = u <= AGENTS_PER_TENANT ? 'agent' : 'supervisor';
      const tenant = tenantName(t);
      users.push({ tenant, role, sub: `load|${tenant}|${role}-${u}`, name: `${role === 'agent' ? 'Agent' : 'Supervisor'} ${u}` });
    }
  }
  return users;
}

/** A dialling window that holds every minute but one, and that minute is 12 hours away. */
function allDayWindow(now: Date): { start: string; end: string } {
  const hhmm = (d: Date) => d.toISOString().slice(11, 16);
  const start = new Date(now.getTime() - 12 * 3600_000);
  return { start: hhmm(start), end: hhmm(new Date(start.getTime() - 60_000)) };
}

/** Runs the product's migrations (recorded in its `migrations` table, so the server finds none pending). */
export async function migrate(url: string): Promise<void> {
  const ds = new DataSource({ type: 'postgres', url, migrations: MIGRATIONS, migrationsTableName: 'migrations', logging: false });
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}

const SEED_SQL = `
WITH t AS (SELECT n, 'tenant-' || lpad(n::text, 2, '0') AS tenant FROM generate_series(1, $1::int) n)
INSERT INTO agents (tenant_id, sub, name, role, state, state_since, created_at, updated_at)
SELECT t.tenant, 'load|' || t.tenant || '|' || r.role || '-' || u, initcap(r.role) || ' ' || u, r.role, 'available', $5, $5, $5
FROM t, generate_series(1, $3::int) u,
     LATERAL (SELECT CASE WHEN u <= $4::int THEN 'agent' ELSE 'supervisor' END AS role) r;

INSERT INTO contacts (tenant_id, name, phone, email, tags, fields, status, created_at, updated_at)
SELECT 'tenant-' || lpad(t::text, 2, '0'), 'Contact ' || i, '+1415555' || lpad(i::text, 4, '0'),
       'contact' || i || '@tenant' || t || '.example', ARRAY['seed', 'batch-' || (i % 4)],
       jsonb_build_object('source', 'seed', 'score', i % 100, 'vip', i % 10 = 0), 'new',
       $5::timestamptz - make_interval(mins => i), $5::timestamptz - make_interval(mins => i)
FROM generate_series(1, $1::int) t, generate_series(0, $2::int - 1) i;
`;

/** Seeds an empty, migrated database and returns what the load scenarios need. */
export async function seed(url: string, now = new Date()): Promise<Fixture> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const window = allDayWindow(now);
    await client.query('BEGIN');
    // Multi-statement text cannot take parameters: substitute the few literals.
    const literal = (sql: string) =>
      sql
        .replaceAll('$1', String(TENANTS))
        .replaceAll('$2', String(CONTACTS_PER_TENANT))
        .replaceAll('$3', String(USERS_PER_TENANT))
        .replaceAll('$4', String(AGENTS_PER_TENANT))
        .replaceAll('$5', `'${now.toISOString()}'`);
    await client.query(literal(SEED_SQL));
    await client.query(
      `INSERT INTO campaigns (tenant_id, name, caller_id, timezone, window_start, window_end, status, time_zones, created_at, updated_at)
       SELECT 'tenant-' || lpad(t::text, 2, '0'), 'All day', '+14155550100', 'UTC', $2, $3, 'active', '{UTC}', $4, $4
       FROM generate_series(1, $1::int) t`,
      [TENANTS, window.start, window.end, now],
    );
    // The tenants' legal calling hours are the campaigns' window, so the benchmark runs at any time of day.
    await client.query(
      `INSERT INTO tenant_settings (tenant_id, calling_hours_start, calling_hours_end, created_at, updated_at)
       SELECT 'tenant-' || lpad(t::text, 2, '0'), $2, $3, $4, $4 FROM generate_series(1, $1::int) t`,
      [TENANTS, window.start, window.end, now],
    );
    await client.query(
      `INSERT INTO campaign_contacts (campaign_id, contact_id, tenant_id, state, time_zone, created_at, updated_at)
       SELECT cp.id, c.id, c.tenant_id, 'pending', 'UTC', $1, $1 FROM contacts c JOIN campaigns cp ON cp.tenant_id = c.tenant_id`,
      [now],
    );
    // Call history: every fourth contact was called once by one of the agents, in the campaign.
    await client.query(
      `INSERT INTO calls (tenant_id, contact_id, agent_id, campaign_id, direction, started_at, answered_at, ended_at, disposition, created_at, updated_at)
       SELECT c.tenant_id, c.id, a.id, cp.id, 'outbound', s.started, CASE WHEN c.i % 3 <> 0 THEN s.started + interval '8 seconds' END,
              s.started + make_interval(secs => 20 + (c.i * 37) % 400),
              (ARRAY['sale', 'no_answer', 'busy', 'voicemail', 'callback', 'not_interested'])[1 + c.i % 6], s.started, s.started
       FROM (SELECT tenant_id, id, (row_number() OVER (PARTITION BY tenant_id ORDER BY created_at DESC) - 1) / 4 AS i,
                    (row_number() OVER (PARTITION BY tenant_id ORDER BY created_at DESC) - 1) % 4 AS r FROM contacts) c
       JOIN campaigns cp ON cp.tenant_id = c.tenant_id
       JOIN (SELECT tenant_id, id, row_number() OVER (PARTITION BY tenant_id ORDER BY sub) - 1 AS k FROM agents WHERE role = 'agent') a
         ON a.tenant_id = c.tenant_id AND a.k = c.i % $1::int
       CROSS JOIN LATERAL (SELECT $2::timestamptz - make_interval(mins => 3 * c.i::int + 1) AS started) s
       WHERE c.r = 0 AND c.i < $3::int`,
      [AGENTS_PER_TENANT, now, CALLS_PER_TENANT],
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');
    return await fixtureOf(client);
  } finally {
    await client.end();
  }
}

/** The campaign and contact ids per tenant, as seeded. */
async function fixtureOf(client: pg.Client): Promise<Fixture> {
  const campaigns = await client.query<{ tenant_id: string; id: string }>(`SELECT tenant_id, id FROM campaigns ORDER BY tenant_id`);
  const contacts = await client.query<{ tenant_id: string; id: string }>(`SELECT tenant_id, id FROM contacts ORDER BY tenant_id, created_at DESC`);
  const byTenant = new Map<string, string[]>();
  for (const row of contacts.rows) {
    const ids = byTenant.get(row.tenant_id) ?? [];
    if (!ids.length) byTenant.set(row.tenant_id, ids);
    ids.push(row.id);
  }
  return {
    tenants: campaigns.rows.map((c) => ({ tenant: c.tenant_id, campaignId: c.id, contactIds: byTenant.get(c.tenant_id) ?? [] })),
    users: loadUsers(),
  };
}
