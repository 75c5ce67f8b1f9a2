/**
 * `npm run bench:max`: the product against the reference server (plain node:http
 * + pg + ioredis doing the same work per request), closed loop, 100 connections.
 *
 * Each side gets its own private Postgres and Redis; server, Postgres and Redis
 * are pinned to CPU 0, this load generator (autocannon) to CPU 1. Runs alternate
 * product / reference (A B A B A B). Per run: max RPS, p99, and CPU µs per
 * request of server + Postgres (every backend) + Redis from /proc; then the
 * median ratios product / reference. Both servers write their request log line
 * per request to stdout, which goes to /dev/null (errors go to a log file), so
 * no log reader or disk can stall either one. Only 127.0.0.1 is used.
 *
 * Options (env): BENCH_ROUNDS (3), BENCH_SECONDS (20), BENCH_WARMUP_SECONDS (5),
 * BENCH_CONNECTIONS (100), BENCH_SERVER_CPUS (0), BENCH_LOADGEN_CPUS (1),
 * BENCH_PRODUCT_NODE_ARGS (extra node flags for the product, space-separated, for experiments),
 * BENCH_PRODUCT_ENV (extra settings for the product, `KEY=value,KEY=value`, for experiments),
 * BENCH_DB_CPUS (Postgres and Redis; default BENCH_SERVER_CPUS — a profiling run
 * may move them off the server's CPU so the profile shows no time waiting on them),
 * BENCH_NICE (unset; e.g. -10 raises the priority of every benchmarked process on
 * a shared machine), BENCH_PROFILE_DIR (set: both servers run with --cpu-prof and
 * write product.cpuprofile and reference.cpuprofile there; summarise them with
 * test/load/profile-summary.ts), BENCH_ONLY (product | reference), BENCH_PG_STATEMENTS
 * (set: pg_stat_statements on both clusters, the top BENCH_PG_TOP (8) statements printed per side with their planning time,
 * and any statement only one side ran), BENCH_REQUEST_LOG (set: the product's request
 * log goes to product.log in the kept work folder, for per-route figures; it costs
 * the server its file writes). Before the runs, one round of the mix
 * is played against both servers and any difference in statuses, body fields or
 * headers is printed.
 */
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { CYCLE, rng, UserSession, type Step } from './scenario.js';
import { cpuMicros, snapshot, userSystemMicros, withChildren } from './support/cpu.js';
import { startIssuer } from './support/issuer.js';
import { migrate, seed, type Fixture, type LoadUser } from './support/seed.js';
import { productArgs, ROOT, startServer, type ServerUnderTest } from './support/servers.js';
import { renice, startPostgres, startRedis, type PrivatePostgres, type PrivateRedis } from './support/services.js';
import { compareResponses, statementsOf } from './support/parity.js';
import { median, percentile, table } from './support/stats.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const SERVER_CPUS = process.env.BENCH_SERVER_CPUS ?? '0';
const LOADGEN_CPUS = process.env.BENCH_LOADGEN_CPUS ?? '1';
const DB_CPUS = process.env.BENCH_DB_CPUS ?? SERVER_CPUS;
const NICE = process.env.BENCH_NICE;
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR ? resolve(process.env.BENCH_PROFILE_DIR) : undefined;
const ONLY = process.env.BENCH_ONLY;
const PG_STATEMENTS = !!process.env.BENCH_PG_STATEMENTS;
const PG_TOP = Math.trunc(Number(process.env.BENCH_PG_TOP ?? 8));
const REQUEST_LOG = !!process.env.BENCH_REQUEST_LOG;
const PRODUCT_NODE_ARGS = (process.env.BENCH_PRODUCT_NODE_ARGS ?? '').split(' ').filter(Boolean);
const PRODUCT_ENV = Object.fromEntries(
  (process.env.BENCH_PRODUCT_ENV ?? '')
    .split(',')
    .filter(Boolean)
    .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
);

const log = (line: string) => process.stdout.write(`${line}\n`);

type SideName = 'product' | 'reference';
interface Side {
  name: SideName;
  postgres: PrivatePostgres;
  redis: PrivateRedis;
  server: ServerUnderTest;
  fixture: Fixture;
}
interface Run {
  side: SideName;
  rps: number;
  p99: number;
  /** next-contact alone: p50 and p99 (ms). */
  handOut: { p50: number; p99: number };
  requests: number;
  failures: number;
  cpuPerRequest: number;
  split: { server: number; postgres: number; redis: number };
  /** The server's own CPU per request in user space (JavaScript, GC) and in the kernel (sockets). */
  serverUserSystem: { user: number; system: number };
}

/** Bundles the reference server into one ESM file beside the build output (dependencies stay in node_modules). */
async function buildReference(): Promise<string> {
  const outfile = join(ROOT, 'dist/test/load/reference/server.mjs');
  await build({
    entryPoints: [join(ROOT, 'test/load/reference/server.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/** `--cpu-prof` into BENCH_PROFILE_DIR, one file per side. */
function profileArgs(name: SideName): string[] {
  return PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
}

async function startSide(name: SideName, work: string, env: Record<string, string>, referenceEntry: string): Promise<Side> {
  const postgres = await startPostgres({
    cpus: DB_CPUS,
    settings: PG_STATEMENTS ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track_planning': 'on' } : {},
  });
  const redis = await startRedis({ cpus: DB_CPUS });
  await migrate(postgres.url);
  const fixture = await seed(postgres.url);
  if (PG_STATEMENTS) await sql(postgres.url, 'CREATE EXTENSION pg_stat_statements; SELECT pg_stat_statements_reset()');
  const common = { DATABASE_URL: postgres.url, REDIS_URL: redis.url, DATABASE_POOL_SIZE: '10', ...env };
  const server =
    name === 'product'
      ? await startServer({
          name,
          cpus: SERVER_CPUS,
          logFile: join(work, 'product.log'),
          stdout: REQUEST_LOG ? 'log' : 'discard',
          nodeArgs: productArgs([...PRODUCT_NODE_ARGS, ...profileArgs(name)]),
          env: { ...common, NODE_ENV: 'development', LOG_LEVEL: 'info', DATA_DIR: join(work, 'product-data'), ...PRODUCT_ENV },
        })
      : await startServer({
          name,
          cpus: SERVER_CPUS,
          stdout: 'discard',
          logFile: join(work, 'reference.log'),
          nodeArgs: [...profileArgs(name), referenceEntry],
          env: common,
          readyPath: '/health/ready',
        });
  return { name, postgres, redis, server, fixture };
}

/** A connection's context: the session it plays (taken at the start of each cycle) and the step in flight. */
interface SessionContext {
  session?: UserSession;
  step?: Step;
  /** When the step's request was built (ms, performance.now()): the next-contact latency is measured from it. */
  sentAt?: number;
}

/** The next-contact latencies (ms) of the run in progress: the hand-out's own figure, apart from the mix's. */
let handOutLatencies: number[] = [];
const NEXT_CONTACT = 'POST /v1/campaigns/:id/next-contact';

/** One closed-loop autocannon run of the fixed request cycle; each cycle is one user's session. */
function load(side: Side, sessions: UserSession[], seconds: number): Promise<autocannon.Result> {
  let nextUser = 0;
  const requests = CYCLE.map((endpoint, i): autocannon.Request<SessionContext> => ({
    setupRequest: (req, context) => {
      if (i === 0) context.session = sessions[nextUser++ % sessions.length];
      const session = context.session!;
      const step: Step = session.step(endpoint);
      context.step = step;
      context.sentAt = performance.now();
      return {
        ...req,
        method: step.method,
        path: step.path,
        body: step.body,
        headers: { authorization: `Bearer ${session.token}`, accept: 'application/json', ...(step.body ? { 'content-type': 'application/json' } : {}) },
      };
    },
    onResponse: (status, body, context) => {
      if (context.step!.endpoint === NEXT_CONTACT) handOutLatencies.push(performance.now() - context.sentAt!);
      context.session!.observe(context.step!, status, body);
    },
  }));
  return autocannon({ url: side.server.url, connections: CONNECTIONS, duration: seconds, requests, timeout: 10 });
}

async function measure(side: Side, sessions: UserSession[]): Promise<Run> {
  if (WARMUP_SECONDS > 0) await load(side, sessions, WARMUP_SECONDS);
  const pgRoot = side.postgres.pid();
  const procs = {
    server: { single: [side.server.pid], trees: [] },
    postgres: { single: [], trees: [pgRoot] },
    redis: { single: [side.redis.pid()], trees: [] },
  };
  const before = { server: snapshot(procs.server), postgres: snapshot(procs.postgres), redis: snapshot(procs.redis) };
  const us0 = userSystemMicros(side.server.pid);
  handOutLatencies = [];
  const result = await load(side, sessions, SECONDS);
  const us1 = userSystemMicros(side.server.pid);
  const after = { server: snapshot(procs.server), postgres: snapshot(procs.postgres), redis: snapshot(procs.redis) };
  const requests = result.requests.total;
  const split = {
    server: cpuMicros(before.server, after.server) / requests,
    postgres: cpuMicros(before.postgres, after.postgres) / requests,
    redis: cpuMicros(before.redis, after.redis) / requests,
  };
  // Flush what the run dirtied now, not during the other side's run on the same CPU.
  await sql(side.postgres.url, 'CHECKPOINT');
  handOutLatencies.sort((a, b) => a - b);
  return {
    side: side.name,
    rps: requests / result.duration,
    p99: result.latency.p99,
    handOut: { p50: percentile(handOutLatencies, 50), p99: percentile(handOutLatencies, 99) },
    requests,
    failures: result.non2xx + result.errors + result.timeouts,
    cpuPerRequest: split.server + split.postgres + split.redis,
    split,
    serverUserSystem: { user: (us1.user - us0.user) / requests, system: (us1.system - us0.system) / requests },
  };
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<T>(text);
    return (Array.isArray(result) ? result.at(-1) : result).rows;
  } finally {
    await client.end();
  }
}

/** The statements that cost Postgres the most over every run of a side. */
async function topStatements(side: Side): Promise<string> {
  const rows = await sql<{ calls: string; total: number; mean: number; plan: number; query: string }>(
    side.postgres.url,
    `SELECT calls::text, total_exec_time AS total, mean_exec_time AS mean, mean_plan_time AS plan, regexp_replace(query, '\\s+', ' ', 'g') AS query
     FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time + total_plan_time DESC LIMIT ${PG_TOP}`,
  );
  return table(
    ['calls', 'total ms', 'mean ms', 'plan ms', 'statement'],
    rows.map((r) => [r.calls, r.total.toFixed(0), r.mean.toFixed(3), r.plan.toFixed(3), r.query.slice(0, 100)]),
  );
}

async function main(): Promise<number> {
  execFileSync('taskset', ['-a', '-cp', LOADGEN_CPUS, String(process.pid)], { stdio: 'ignore' });
  const work = mkdtempSync(join(tmpdir(), 'sb-bench-max-'));
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
  const cleanup: (() => Promise<void>)[] = [];
  let keepLogs = false;
  const stopAll = async () => {
    for (const stop of cleanup.reverse()) await stop().catch((err) => log(`cleanup: ${(err as Error).message}`));
    cleanup.length = 0;
    if (!keepLogs) rmSync(work, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().then(() => process.exit(130)));
  try {
    const referenceEntry = await buildReference();
    const issuer = await startIssuer();
    cleanup.push(() => issuer.close());
    const names: SideName[] = ONLY ? [ONLY as SideName] : ['product', 'reference'];
    const sides: Side[] = [];
    for (const name of names) {
      log(`Starting ${name}: server on CPU ${SERVER_CPUS}, private Postgres + Redis on CPU ${DB_CPUS}, seeding…`);
      const side = await startSide(name, work, issuer.env, referenceEntry);
      cleanup.push(async () => {
        await side.server.stop();
        await side.redis.stop();
        await side.postgres.stop();
      });
      renice([side.server.pid, ...withChildren(side.postgres.pid()), side.redis.pid()]);
      sides.push(side);
    }
    if (NICE !== undefined) renice([process.pid]);
    const users: LoadUser[] = sides[0]!.fixture.users.filter((_, i) => i % 20 === 0 || i % 20 === 16).slice(0, CONNECTIONS);
    const tokens = await Promise.all(users.map((u) => issuer.token(u)));
    log(
      `${users.length} users (${users.filter((u) => u.role === 'agent').length} agents, ${users.filter((u) => u.role === 'supervisor').length} supervisors), ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per run, ${ROUNDS} rounds`,
    );
    log(`Cycle per connection: ${CYCLE.join(', ')}`);
    if (sides.length === 2) {
      const [p, r] = sides as [Side, Side];
      const tenantOf = (side: Side) => side.fixture.tenants.find((t) => t.tenant === users[0]!.tenant)!;
      const diffs = await compareResponses({ url: p.server.url, tenant: tenantOf(p) }, { url: r.server.url, tenant: tenantOf(r) }, users[0]!, tokens[0]!);
      log(
        diffs.length
          ? `Parity: the reference differs from the product:\n  ${diffs.join('\n  ')}`
          : 'Parity: one round of the mix gets the same statuses, body fields and headers from both servers',
      );
    }

    const runs: Run[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const side of sides) {
        const byTenant = new Map(side.fixture.tenants.map((f) => [f.tenant, f]));
        const sessions = users.map((u, i) => new UserSession(u, byTenant.get(u.tenant)!, tokens[i]!, rng(round * 1000 + i)));
        const load1 = loadavg()[0]!;
        const run = await measure(side, sessions);
        runs.push(run);
        log(
          `round ${round} ${side.name.padEnd(9)} ${run.rps.toFixed(0).padStart(6)} req/s  p99 ${String(run.p99).padStart(4)} ms  ` +
            `CPU ${run.cpuPerRequest.toFixed(0).padStart(5)} µs/req (server ${run.split.server.toFixed(0)} = user ${run.serverUserSystem.user.toFixed(0)} + kernel ${run.serverUserSystem.system.toFixed(0)}, postgres ${run.split.postgres.toFixed(0)}, redis ${run.split.redis.toFixed(0)})  ` +
            `next-contact p50 ${run.handOut.p50.toFixed(1)} / p99 ${run.handOut.p99.toFixed(1)} ms  failures ${run.failures}  load avg ${load1.toFixed(2)}`,
        );
      }
    }

    log('');
    log(
      table(
        ['run', 'side', 'req/s', 'p99 ms', 'CPU µs/req', 'server', 'postgres', 'redis', 'requests', 'failures'],
        runs.map((r, i) => [
          String(Math.floor(i / sides.length) + 1),
          r.side,
          r.rps.toFixed(0),
          r.p99,
          r.cpuPerRequest.toFixed(0),
          r.split.server.toFixed(0),
          r.split.postgres.toFixed(0),
          r.split.redis.toFixed(0),
          r.requests,
          r.failures,
        ]),
      ),
    );
    const med = (side: SideName, pick: (r: Run) => number) => median(runs.filter((r) => r.side === side).map(pick));
    if (sides.length === 2) {
      const ratio = (pick: (r: Run) => number) => med('product', pick) / med('reference', pick);
      log('');
      log(
        `Median product / reference: throughput ${ratio((r) => r.rps).toFixed(2)}× (target ≥ 0.65×), CPU per request ${ratio((r) => r.cpuPerRequest).toFixed(2)}× (target ≤ 1.6×), p99 ${ratio((r) => r.p99).toFixed(2)}×`,
      );
      log(
        `  server process alone: CPU per request ${ratio((r) => r.split.server).toFixed(2)}× (user space ${ratio((r) => r.serverUserSystem.user).toFixed(2)}×, kernel ${ratio((r) => r.serverUserSystem.system).toFixed(2)}×)`,
      );
    }
    for (const side of sides) {
      log(
        `Median next-contact, ${side.name}: p50 ${med(side.name, (r) => r.handOut.p50).toFixed(1)} ms, p99 ${med(side.name, (r) => r.handOut.p99).toFixed(1)} ms`,
      );
    }
    if (PG_STATEMENTS) for (const side of sides) log(`\nTop statements, ${side.name}:\n${await topStatements(side)}`);
    if (PG_STATEMENTS && sides.length === 2) {
      const [a, b] = await Promise.all(sides.map((side) => statementsOf(side.postgres.url)));
      const onlyA = [...a!].filter((q) => !b!.has(q));
      const onlyB = [...b!].filter((q) => !a!.has(q));
      log(
        onlyA.length || onlyB.length
          ? `\nSQL parity: statements only the product ran:\n  ${onlyA.join('\n  ') || '-'}\nonly the reference ran:\n  ${onlyB.join('\n  ') || '-'}`
          : `\nSQL parity: both sides ran the same ${a!.size} statements`,
      );
    }
    log(
      `Machine: ${cpus().length} CPUs, load average now ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')}`,
    );
    const failures = runs.reduce((n, r) => n + r.failures, 0);
    if (failures) log(`${failures} failed requests: see the server logs under ${work} (kept)`);
    if (REQUEST_LOG) log(`The product's request log: ${join(work, 'product.log')}`);
    keepLogs = failures > 0 || REQUEST_LOG;
    return failures ? 1 : 0;
  } finally {
    await stopAll();
    if (PROFILE_DIR) log(`CPU profiles written to ${PROFILE_DIR} (tsx test/load/profile-summary.ts <file>)`);
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
