/**
 * `npm run bench:handout`: next-contact on one campaign of 1,000,000 contacts
 * over many time zones, half of them outside their calling hours right now
 * (issue 21, item 2). Prints next-contact p50/p99 through the product's HTTP
 * API and the hand-out statement's plan (EXPLAIN ANALYZE, rolled back).
 *
 * A private Postgres and Redis; the product server on CPU 0, this process on
 * CPU 1. Each of BENCH_AGENTS agents loops next-contact → POST /v1/calls (sale,
 * which settles the contact) BENCH_CYCLES times; only next-contact is timed.
 * Options (env): BENCH_CONTACTS (1000000), BENCH_AGENTS (20), BENCH_CYCLES (100),
 * BENCH_SCHEDULED (0; e.g. 0.33: that share of the list is `scheduled` a day
 * ahead, half as retries and half as callbacks for anyone, which sort first in
 * the pick's index — issue 22's figure).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { zonesInHours } from '../../libs/campaigns/src/calling-hours.js';
import { HAND_OUT } from '../../libs/campaigns/src/campaign-contacts.repository.js';
import { startIssuer } from './support/issuer.js';
import { migrate } from './support/seed.js';
import { productArgs, startServer } from './support/servers.js';
import { startPostgres, startRedis } from './support/services.js';
import { percentile } from './support/stats.js';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 20);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 100);
const SCHEDULED = Number(process.env.BENCH_SCHEDULED ?? 0);
const TENANT = 'handout-co';
const LEGAL = { start: '08:00', end: '21:00' };
const WINDOW = { start: '08:00', end: '21:00' };
const log = (line: string) => process.stdout.write(`${line}\n`);

/** 40 zones spread over the globe: 20 inside their hours now, 20 outside. */
function zonesNow(now: Date): { inside: string[]; outside: string[] } {
  const all = Intl.supportedValuesOf('timeZone').filter((z) => z.includes('/'));
  const inside = new Set(zonesInHours(all, now, WINDOW, LEGAL));
  const spread = (list: string[]) => Array.from({ length: 20 }, (_, i) => list[Math.floor((i * list.length) / 20)]!);
  return { inside: spread(all.filter((z) => inside.has(z))), outside: spread(all.filter((z) => !inside.has(z))) };
}

async function seed(client: pg.Client, zones: string[]): Promise<string> {
  await client.query(`INSERT INTO tenant_settings (tenant_id) VALUES ($1)`, [TENANT]);
  const {
    rows: [campaign],
  } = await client.query<{ id: string }>(
    `INSERT INTO campaigns (tenant_id, name, caller_id, timezone, window_start, window_end, status, time_zones)
     VALUES ($1, 'A million', '+14155550100', 'UTC', $2, $3, 'active', $4) RETURNING id`,
    [TENANT, WINDOW.start, WINDOW.end, zones],
  );
  await client.query(
    `INSERT INTO contacts (tenant_id, name, phone, status)
     SELECT $1, 'Contact ' || i, '+1' || (2000000000 + i)::text, 'new' FROM generate_series(1, $2::int) i`,
    [TENANT, CONTACTS],
  );
  // Zones alternate by creation, and the pick orders by contact id (random uuids): inside and outside interleave.
  await client.query(
    `INSERT INTO campaign_contacts (campaign_id, contact_id, tenant_id, state, time_zone)
     SELECT $1, c.id, $2, 'pending', ($3::text[])[1 + (row_number() OVER (ORDER BY c.created_at, c.phone))::int % $4::int]
     FROM contacts c WHERE c.tenant_id = $2`,
    [campaign!.id, TENANT, zones, zones.length],
  );
  if (SCHEDULED > 0) {
    // Not due for a day: every probe of a zone passes over its callbacks (priority 0) before its first pending row.
    await client.query(
      `WITH s AS (SELECT contact_id, row_number() OVER (ORDER BY contact_id) AS n FROM campaign_contacts WHERE campaign_id = $1 AND random() < $2)
       UPDATE campaign_contacts cc SET state = 'scheduled', attempts = 1, next_attempt_at = now() + interval '1 day',
         available_at = now() + interval '1 day', last_disposition = CASE WHEN s.n % 2 = 0 THEN 'callback' ELSE 'no_answer' END,
         priority = CASE WHEN s.n % 2 = 0 THEN 0 ELSE 1 END
       FROM s WHERE cc.campaign_id = $1 AND cc.contact_id = s.contact_id`,
      [campaign!.id, SCHEDULED],
    );
  }
  await client.query('VACUUM ANALYZE');
  return campaign!.id;
}

async function main(): Promise<void> {
  execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
  const work = mkdtempSync(join(tmpdir(), 'sb-bench-handout-'));
  const postgres = await startPostgres({ cpus: '0' });
  const redis = await startRedis({ cpus: '0' });
  const issuer = await startIssuer();
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const client = new pg.Client({ connectionString: postgres.url });
  try {
    await migrate(postgres.url);
    await client.connect();
    const now = new Date();
    const { inside, outside } = zonesNow(now);
    const zones = inside.flatMap((z, i) => [z, outside[i]!]);
    log(`Seeding ${CONTACTS.toLocaleString('en')} contacts over ${zones.length} zones (${inside.length} inside their hours now, ${outside.length} outside)…`);
    const started = Date.now();
    const campaignId = await seed(client, zones);
    const { rows: states } = await client.query<{ state: string; n: string }>(
      `SELECT state, count(*) AS n FROM campaign_contacts GROUP BY state ORDER BY state`,
    );
    log(`Seeded in ${((Date.now() - started) / 1000).toFixed(0)} s: ${states.map((s) => `${s.state} ${Number(s.n).toLocaleString('en')}`).join(', ')}`);

    server = await startServer({
      name: 'product',
      cpus: '0',
      logFile: join(work, 'product.log'),
      stdout: 'discard',
      nodeArgs: productArgs(),
      env: {
        ...issuer.env,
        DATABASE_URL: postgres.url,
        REDIS_URL: redis.url,
        DATABASE_POOL_SIZE: '10',
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        DATA_DIR: join(work, 'data'),
      },
    });
    const tokens = await Promise.all(
      Array.from({ length: AGENTS }, (_, i) => issuer.token({ tenant: TENANT, role: 'agent', sub: `bench|agent-${i}`, name: `Agent ${i}` })),
    );
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const post = (path: string, token: string, body?: unknown) =>
      fetch(`${server!.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    const agent = async (token: string) => {
      for (let i = 0; i < CYCLES; i++) {
        const t0 = performance.now();
        const res = await post(`/v1/campaigns/${campaignId}/next-contact`, token);
        latencies.push(performance.now() - t0);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status !== 200) continue;
        const { contact } = (await res.json()) as { contact: { id: string } };
        const at = new Date().toISOString();
        await post('/v1/calls', token, { contactId: contact.id, campaignId, direction: 'outbound', startedAt: at, endedAt: at, disposition: 'sale' });
      }
    };
    await Promise.all(tokens.map((token) => agent(token))); // warm-up: provisions the agents, fills caches
    latencies.length = 0;
    statuses.clear();
    await Promise.all(tokens.map((token) => agent(token)));
    latencies.sort((a, b) => a - b);
    log(
      `next-contact, ${AGENTS} agents × ${CYCLES} cycles: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, ` +
        `statuses ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}`,
    );

    const {
      rows: [agentRow],
    } = await client.query<{ id: string }>(`SELECT id FROM agents WHERE tenant_id = $1 LIMIT 1`, [TENANT]);
    // The hand-out is a database function: auto_explain logs the plan of the query inside it,
    // and client_min_messages sends that log line to this client as a notice.
    const notices: string[] = [];
    client.on('notice', (notice) => notices.push(notice.message ?? ''));
    await client.query('BEGIN');
    await client.query(`LOAD 'auto_explain'`);
    await client.query(
      `SET LOCAL auto_explain.log_min_duration = 0; SET LOCAL auto_explain.log_analyze = on; SET LOCAL auto_explain.log_buffers = on;
       SET LOCAL auto_explain.log_timing = off; SET LOCAL auto_explain.log_nested_statements = on; SET LOCAL client_min_messages = log`,
    );
    await client.query(HAND_OUT, [TENANT, campaignId, agentRow!.id, 300, new Date(), null, zonesInHours(zones, new Date(), WINDOW, LEGAL)]);
    await client.query('ROLLBACK');
    const plan = notices.find((n) => n.includes('campaign_contacts_pick_idx') || n.includes('WITH live')) ?? notices.join('\n');
    log(`\nThe hand-out's plan (auto_explain of the query in campaign_hand_out, rolled back):\n${plan}`);
  } finally {
    await client.end().catch(() => undefined);
    await server?.stop();
    await issuer.close();
    await redis.stop();
    await postgres.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
