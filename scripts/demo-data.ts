/**
 * Fills one tenant with demo data, so a new user sees a working contact centre
 * at once: agents, 1,000 contacts, two campaigns and a month of call history.
 *
 *   npm run demo:data                    # tenant acme (the web console's default)
 *   npm run demo:data -- --tenant globex
 *   npm run demo:data -- --reset         # replace the tenant's existing data
 *
 * It talks to the same database as the server (DATABASE_URL, or the embedded
 * Postgres in DATA_DIR: the server's, when it is running) and applies pending
 * migrations first. The data is deterministic: the same every run.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { appConfig, resolveShape } from '#switchboard/config';
import { databaseConfig, dataSourceOptions, migrateDatabase, resolveDatabaseUrl, stopEmbeddedPostgres } from '#switchboard/database';
import { ENTITIES } from '../apps/api/src/entities.js';
import { contactStatusAfter, type CallDisposition } from '../libs/calls/src/call-disposition.js';
import { toE164 } from '../libs/contacts/src/phone.js';
import { timeZoneOfPhone } from '../libs/contacts/src/time-zones/phone-time-zone.js';

const USAGE = 'usage: npm run demo:data -- [--tenant acme] [--reset]';
const CONTACTS = 1000;
const DAY = 86_400_000;

/** mulberry32: a tiny seeded PRNG, so every run writes the same people and calls. */
function prng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const weighted = <T>(choices: readonly (readonly [T, number])[]): T => {
    let r = next() * choices.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, w] of choices) if ((r -= w) < 0) return value;
    return choices.at(-1)![0];
  };
  return { next, int, pick, weighted };
}

const FIRST = [
  'Ada',
  'Alan',
  'Grace',
  'Linus',
  'Margaret',
  'Dennis',
  'Barbara',
  'Ken',
  'Frances',
  'Edsger',
  'Radia',
  'Tim',
  'Katherine',
  'Donald',
  'Hedy',
  'John',
  'Sophie',
  'Guido',
  'Anita',
  'Niklaus',
  'Shafi',
  'Leslie',
  'Joan',
  'Vint',
  'Adele',
];
const LAST = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Torvalds',
  'Hamilton',
  'Ritchie',
  'Liskov',
  'Thompson',
  'Allen',
  'Dijkstra',
  'Perlman',
  'Berners-Lee',
  'Johnson',
  'Knuth',
  'Lamarr',
  'McCarthy',
  'Wilson',
  'van Rossum',
  'Borg',
  'Wirth',
  'Goldwasser',
  'Lamport',
  'Clarke',
  'Cerf',
  'Goldberg',
];
const AREA_CODES = ['202', '212', '312', '415', '617'];
const TAGS = ['vip', 'emea', 'amer', 'apac', 'renewal', 'trial', 'enterprise', 'smb'];

/** Agents; the first three are the subjects `npm run token` signs for, so those users see their own history. */
const agentsOf = (tenant: string) =>
  [
    { sub: `dev|${tenant}|admin`, name: 'Avery Admin', role: 'admin', state: 'offline', reason: null },
    { sub: `dev|${tenant}|supervisor`, name: 'Sam Supervisor', role: 'supervisor', state: 'available', reason: null },
    { sub: `dev|${tenant}|agent`, name: 'Alex Agent', role: 'agent', state: 'available', reason: null },
    { sub: `demo|${tenant}|agent-2`, name: 'Jordan Lee', role: 'agent', state: 'break', reason: 'lunch' },
    { sub: `demo|${tenant}|agent-3`, name: 'Priya Shah', role: 'agent', state: 'available', reason: null },
    { sub: `demo|${tenant}|agent-4`, name: 'Mateo Garcia', role: 'agent', state: 'offline', reason: null },
  ].map((a) => ({ ...a, id: randomUUID(), email: `${a.name.split(' ')[0]!.toLowerCase()}@${tenant}.example` }));

interface DemoContact {
  id: string;
  name: string;
  phone: string;
  email: string;
  tags: string[];
  fields: Record<string, string | number>;
  status: string;
  version: number;
  created_at: string;
  updated_at: string;
}
interface DemoCall {
  id: string;
  contact_id: string | null;
  contact_phone: string;
  agent_id: string;
  campaign_id: string | null;
  direction: string;
  started_at: string;
  answered_at: string | null;
  ended_at: string;
  disposition: CallDisposition;
  notes: string | null;
}

function buildContacts(rand: ReturnType<typeof prng>, now: number): DemoContact[] {
  return Array.from({ length: CONTACTS }, (_, i) => {
    const first = rand.pick(FIRST);
    const last = rand.pick(LAST);
    const phone = toE164(`+1 ${AREA_CODES[i % AREA_CODES.length]} 555 ${String(Math.floor(i / AREA_CODES.length)).padStart(4, '0')}`, 'US');
    if (!phone) throw new Error(`demo phone ${i} is not valid`);
    const created = new Date(now - rand.int(31, 90) * DAY - rand.int(0, DAY)).toISOString();
    return {
      id: randomUUID(),
      name: `${first} ${last}`,
      phone,
      email: `${first}.${last}.${i}`.toLowerCase().replace(/[^a-z0-9.]/g, '') + '@example.com',
      tags: [...new Set(Array.from({ length: rand.int(1, 3) }, () => rand.pick(TAGS)))],
      fields: { plan: rand.pick(['free', 'pro', 'enterprise']), seats: rand.int(1, 250), source: rand.pick(['web', 'referral', 'event', 'import']) },
      status: 'new',
      version: 1,
      created_at: created,
      updated_at: created,
    };
  });
}

const ANSWERED: readonly (readonly [CallDisposition, number])[] = [
  ['sale', 20],
  ['callback', 15],
  ['not_interested', 40],
  ['wrong_number', 5],
  ['do_not_call', 5],
  ['voicemail', 15],
];
const UNANSWERED: readonly (readonly [CallDisposition, number])[] = [
  ['no_answer', 60],
  ['busy', 25],
  ['voicemail', 15],
];

/** One to three calls per contact dialled, in the last 30 days, during office hours (UTC). */
function buildCalls(
  rand: ReturnType<typeof prng>,
  now: number,
  contacts: DemoContact[],
  campaignOf: (i: number) => string | null,
  callers: string[],
): DemoCall[] {
  const calls: DemoCall[] = [];
  const dial = (contact: DemoContact, campaignId: string | null, direction: 'inbound' | 'outbound') => {
    const day = new Date(now - rand.int(1, 30) * DAY);
    day.setUTCHours(rand.int(9, 17), rand.int(0, 59), rand.int(0, 59), 0);
    const started = day.getTime();
    const answered = direction === 'inbound' || rand.next() < 0.62;
    const answeredAt = answered ? started + rand.int(4, 25) * 1000 : null;
    const ended = answeredAt ? answeredAt + rand.int(20, 900) * 1000 : started + rand.int(15, 40) * 1000;
    const disposition = rand.weighted(answered ? ANSWERED : UNANSWERED);
    calls.push({
      id: randomUUID(),
      contact_id: contact.id,
      contact_phone: contact.phone,
      agent_id: rand.pick(callers),
      campaign_id: campaignId,
      direction,
      started_at: new Date(started).toISOString(),
      answered_at: answeredAt ? new Date(answeredAt).toISOString() : null,
      ended_at: new Date(ended).toISOString(),
      disposition,
      notes: disposition === 'sale' ? 'Upgraded on the call.' : disposition === 'callback' ? 'Asked to be called back next week.' : null,
    });
  };
  contacts.forEach((contact, i) => {
    const campaignId = campaignOf(i);
    if (campaignId && rand.next() < 0.65) for (let n = rand.int(1, 3); n > 0; n--) dial(contact, campaignId, 'outbound');
    else if (rand.next() < 0.05) dial(contact, null, 'inbound');
  });
  return calls.sort((a, b) => a.started_at.localeCompare(b.started_at));
}

/** One statement per table: the rows travel as one JSON parameter. */
async function insertRows(tx: EntityManager, table: string, columns: string, types: string, rows: object[]): Promise<void> {
  await tx.query(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM jsonb_to_recordset($1::jsonb) AS r(${types})`, [JSON.stringify(rows)]);
}

/** Writes the demo tenant in the caller's transaction; answers a summary for the terminal. */
export async function seedDemoData(tx: EntityManager, tenant: string, reset = false): Promise<string> {
  const existing: { n: number }[] = await tx.query(`SELECT count(*)::int AS n FROM contacts WHERE tenant_id = $1`, [tenant]);
  if (existing[0]!.n > 0 && !reset) throw new Error(`Tenant ${tenant} already has ${existing[0]!.n} contacts. Run with --reset to replace its data.`);
  if (reset) {
    for (const table of ['calls', 'call_events', 'campaign_contacts', 'campaigns', 'contact_imports', 'contacts', 'dnc_numbers', 'dnc_history']) {
      await tx.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [tenant]);
    }
  }

  const rand = prng(20_260_301);
  const now = Date.now();
  const agents = agentsOf(tenant);
  // Existing agents (already signed in) keep their id; the demo only names them.
  const agentRows: { id: string; sub: string }[] = await tx.query(
    `INSERT INTO agents (id, tenant_id, sub, name, email, role, state, state_reason)
     SELECT r.id, $1, r.sub, r.name, r.email, r.role, r.state, r.reason FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, sub text, name text, email text, role text, state text, reason text)
     ON CONFLICT (tenant_id, sub) DO UPDATE SET name = excluded.name, email = excluded.email, state = excluded.state, state_reason = excluded.state_reason,
       state_since = now(), state_campaign_id = NULL, state_contact_id = NULL, state_until = NULL, version = agents.version + 1, updated_at = now()
     RETURNING id, sub`,
    [tenant, JSON.stringify(agents)],
  );
  // Each demo agent's state opens its history (the stays before it are not invented).
  await tx.query(
    `WITH closed AS (UPDATE agent_state_history SET ended_at = now() WHERE agent_id = ANY($2::uuid[]) AND ended_at IS NULL)
     INSERT INTO agent_state_history (tenant_id, agent_id, state, reason, started_at) SELECT $1, id, state, state_reason, state_since FROM agents WHERE id = ANY($2::uuid[])`,
    [tenant, agentRows.map((a) => a.id)],
  );
  const callers = agentRows.filter((a) => !a.sub.endsWith('|admin')).map((a) => a.id);

  const contacts = buildContacts(rand, now);
  const campaigns = [
    // Open round the clock, so next-contact works whenever someone tries the demo.
    {
      id: randomUUID(),
      name: 'Spring renewals',
      caller_id: '+12025550100',
      timezone: 'UTC',
      window_start: '00:00',
      window_end: '23:59',
      status: 'active',
      members: [0, 600],
    },
    {
      id: randomUUID(),
      name: 'Enterprise upsell',
      caller_id: '+14155550100',
      timezone: 'America/Los_Angeles',
      window_start: '09:00',
      window_end: '17:30',
      status: 'paused',
      members: [500, 900],
    },
  ];
  const created = new Date(now - 35 * DAY).toISOString();
  await insertRows(
    tx,
    'campaigns',
    'id, tenant_id, name, caller_id, timezone, window_start, window_end, status, time_zones, created_at, updated_at',
    'id uuid, tenant_id text, name text, caller_id text, timezone text, window_start text, window_end text, status text, time_zones text[], created_at timestamptz, updated_at timestamptz',
    campaigns.map(({ members: _, ...c }) => ({ ...c, tenant_id: tenant, time_zones: [c.timezone], created_at: created, updated_at: created })),
  );
  // Legal calling hours round the clock, so the demo's round-the-clock campaign dials whenever someone tries it.
  await tx.query(
    `INSERT INTO tenant_settings (tenant_id, calling_hours_start, calling_hours_end) VALUES ($1, '00:00', '23:59')
     ON CONFLICT (tenant_id) DO UPDATE SET calling_hours_start = '00:00', calling_hours_end = '23:59', version = tenant_settings.version + 1, updated_at = now()`,
    [tenant],
  );

  // A contact in both campaigns is dialled for the later one.
  const campaignOf = (i: number) => [...campaigns].reverse().find((c) => i >= c.members[0]! && i < c.members[1]!)?.id ?? null;
  const calls = buildCalls(rand, now, contacts, campaignOf, callers);

  // Each call moved its contact's status on (and its version), as logging a call does:
  // a do_not_call disposition lists the number, and a listed contact stays do_not_call.
  const byId = new Map(contacts.map((c) => [c.id, c]));
  const lastInCampaign = new Map<string, CallDisposition>();
  const listed: { phone: string; source: string; listed_by: string; listed_at: string }[] = [];
  for (const call of calls) {
    const contact = byId.get(call.contact_id!)!;
    if (contact.status !== 'do_not_call') {
      contact.status = contactStatusAfter(call.disposition);
      if (contact.status === 'do_not_call') listed.push({ phone: contact.phone, source: 'disposition', listed_by: call.agent_id, listed_at: call.ended_at });
    }
    contact.version += 1;
    contact.updated_at = call.ended_at;
    if (call.campaign_id) lastInCampaign.set(`${call.campaign_id}/${call.contact_id}`, call.disposition);
  }
  await insertRows(
    tx,
    'contacts',
    'id, tenant_id, name, phone, email, tags, fields, status, time_zone, version, created_at, updated_at',
    'id uuid, tenant_id text, name text, phone text, email text, tags text[], fields jsonb, status text, time_zone text, version int, created_at timestamptz, updated_at timestamptz',
    contacts.map((c) => ({ ...c, tenant_id: tenant, time_zone: timeZoneOfPhone(c.phone) })),
  );
  const reason = 'do_not_call disposition';
  await insertRows(
    tx,
    'dnc_numbers',
    'tenant_id, phone, reason, source, listed_by, listed_at',
    'tenant_id text, phone text, reason text, source text, listed_by text, listed_at timestamptz',
    listed.map((l) => ({ ...l, tenant_id: tenant, reason })),
  );
  await insertRows(
    tx,
    'dnc_history',
    'tenant_id, phone, action, source, actor, reason, created_at',
    'tenant_id text, phone text, action text, source text, actor text, reason text, created_at timestamptz',
    listed.map((l) => ({ tenant_id: tenant, phone: l.phone, action: 'added', source: l.source, actor: l.listed_by, reason, created_at: l.listed_at })),
  );

  const members = contacts.flatMap((contact, i) =>
    campaigns
      .filter((c) => i >= c.members[0]! && i < c.members[1]!)
      .map((c) => {
        const last = lastInCampaign.get(`${c.id}/${contact.id}`);
        return {
          campaign_id: c.id,
          contact_id: contact.id,
          tenant_id: tenant,
          state: last && last !== 'callback' ? 'done' : 'pending',
          time_zone: c.timezone,
          created_at: created,
          updated_at: created,
        };
      }),
  );
  await insertRows(
    tx,
    'campaign_contacts',
    'campaign_id, contact_id, tenant_id, state, time_zone, created_at, updated_at',
    'campaign_id uuid, contact_id uuid, tenant_id text, state text, time_zone text, created_at timestamptz, updated_at timestamptz',
    members,
  );

  await insertRows(
    tx,
    'calls',
    'id, tenant_id, contact_id, contact_phone, agent_id, campaign_id, direction, started_at, answered_at, ended_at, disposition, notes, created_at, updated_at',
    'id uuid, tenant_id text, contact_id uuid, contact_phone text, agent_id uuid, campaign_id uuid, direction text, started_at timestamptz, answered_at timestamptz, ended_at timestamptz, disposition text, notes text, created_at timestamptz, updated_at timestamptz',
    calls.map((c) => ({ ...c, tenant_id: tenant, created_at: c.ended_at, updated_at: c.ended_at })),
  );

  const answered = calls.filter((c) => c.answered_at).length;
  return [
    `Tenant ${tenant}: ${agents.length} agents, ${contacts.length} contacts, ${campaigns.length} campaigns (${campaigns.map((c) => `${c.name}: ${c.status}`).join(', ')}),`,
    `${calls.length} calls in the last 30 days (${answered} answered), ${members.length} campaign memberships.`,
    `Try it: TOKEN=$(npm run -s token -- --tenant ${tenant} --role supervisor) && curl -s -H "Authorization: Bearer $TOKEN" localhost:3000/v1/campaigns`,
    'A running server may answer reports from its cache for up to REPORTS_CACHE_TTL_SECONDS.',
  ].join('\n');
}

/** The database URL: DATABASE_URL, else the server's embedded Postgres if it runs, else one started here. */
async function databaseUrl(db: ReturnType<typeof resolveShape<typeof databaseConfig.fields>>, dataDir: string): Promise<string> {
  if (!db.url) {
    const running = `postgres://postgres:postgres@127.0.0.1:${db.embeddedPort ?? 5488}/switchboard`;
    const probe = new pg.Client({ connectionString: running, connectionTimeoutMillis: 1000 });
    const up = await probe.connect().then(
      () => true,
      () => false,
    );
    await probe.end().catch(() => undefined);
    if (up) return running;
  }
  return resolveDatabaseUrl(db, { dataDir });
}

async function main(argv: string[]): Promise<void> {
  if (process.env.NODE_ENV !== 'production' && process.env.NODE_ENV !== 'test' && existsSync('.env')) process.loadEnvFile('.env');
  const { values } = parseArgs({
    args: argv,
    options: { tenant: { type: 'string', default: 'acme' }, reset: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return void console.log(USAGE);
  const db = resolveShape(databaseConfig.fields);
  const { dataDir } = resolveShape({ dataDir: appConfig.fields.dataDir });
  const url = await databaseUrl(db, dataDir);
  const dataSource = new DataSource({ ...dataSourceOptions(url, db, { poolSize: 1 }), entities: ENTITIES });
  try {
    await dataSource.initialize();
    await migrateDatabase(dataSource);
    console.log(await dataSource.transaction((tx) => seedDemoData(tx, values.tenant, values.reset)));
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await stopEmbeddedPostgres();
  }
}

// Run as a command; imported (by its test), it only exports seedDemoData.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch(async (err: Error) => {
    process.stderr.write(`${err.message ?? String(err)}\n`);
    await stopEmbeddedPostgres().catch(() => undefined);
    process.exit(1);
  });
}
