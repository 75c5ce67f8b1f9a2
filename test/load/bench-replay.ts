/**
 * `npm run bench:replay`: the reference deployment's acceptance test, replayed.
 * Starts the built one-process server on a private Postgres and Redis, seeds
 * 50 tenants × 2,000 contacts, mints 1,000 users' tokens from the dev issuer
 * (agents and supervisors, default permission sets), then runs them open-loop
 * at 100 requests/s for 60 s. Prints p50/p95/p99/max and errors per endpoint;
 * exits non-zero on any error or a p99 above 500 ms. Only 127.0.0.1 is used.
 *
 * Options (env): REPLAY_USERS (1000), REPLAY_RATE (100 req/s), REPLAY_SECONDS (60),
 * REPLAY_WARMUP_SECONDS (10: the users arrive and the server warms up at the same
 * rate before the measured minute; its errors still fail the run),
 * REPLAY_SERVE_SECONDS (set: only start and seed the server, print its URL and
 * keep it up that long — for test/load/locustfile.py), BENCH_NICE (e.g. -10: raise
 * the priority of the server, Postgres, Redis and this runner on a shared machine).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOpenLoop } from './open-loop.js';
import { withChildren } from './support/cpu.js';
import { ENDPOINTS, rng, UserSession } from './scenario.js';
import { migrate, seed, type LoadUser } from './support/seed.js';
import { productArgs, startServer } from './support/servers.js';
import { renice, startPostgres, startRedis } from './support/services.js';
import { ms, summarise, table } from './support/stats.js';

const USERS = Number(process.env.REPLAY_USERS ?? 1000);
const RATE = Number(process.env.REPLAY_RATE ?? 100);
const SECONDS = Number(process.env.REPLAY_SECONDS ?? 60);
const WARMUP_SECONDS = Number(process.env.REPLAY_WARMUP_SECONDS ?? 10);
const SERVE_SECONDS = process.env.REPLAY_SERVE_SECONDS ? Number(process.env.REPLAY_SERVE_SECONDS) : undefined;
const P99_LIMIT_MS = 500;
const P99_TARGET_MS = 50;

const log = (line: string) => process.stdout.write(`${line}\n`);

/** Tokens from the server's own dev issuer (POST /dev/token), a few at a time. */
async function mintTokens(baseUrl: string, users: LoadUser[]): Promise<string[]> {
  const tokens: string[] = new Array(users.length);
  let next = 0;
  const worker = async () => {
    while (next < users.length) {
      const i = next++;
      const u = users[i]!;
      const res = await fetch(`${baseUrl}/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: u.tenant, role: u.role, sub: u.sub, name: u.name }),
      });
      if (!res.ok) throw new Error(`POST /dev/token → ${res.status} ${await res.text()}`);
      tokens[i] = ((await res.json()) as { accessToken: string }).accessToken;
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  return tokens;
}

/** `count` users spread over every tenant, keeping each tenant's agents-to-supervisors ratio. */
function selectUsers(users: LoadUser[], count: number): LoadUser[] {
  const tenants = [...new Set(users.map((u) => u.tenant))];
  const perTenant = Math.max(1, Math.round(count / tenants.length));
  const picked = tenants.flatMap((tenant) => {
    const own = users.filter((u) => u.tenant === tenant);
    const agents = own.filter((u) => u.role === 'agent');
    const supervisors = own.filter((u) => u.role === 'supervisor');
    const nAgents = Math.min(agents.length, Math.max(1, Math.round((perTenant * agents.length) / own.length)));
    return [...agents.slice(0, nAgents), ...supervisors.slice(0, Math.max(0, perTenant - nAgents))];
  });
  return picked.slice(0, count);
}

async function main(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'sb-bench-replay-'));
  const cleanup: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of cleanup.reverse()) await stop().catch((err) => log(`cleanup: ${(err as Error).message}`));
    cleanup.length = 0;
    rmSync(work, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().then(() => process.exit(130)));
  try {
    log('Starting a private Postgres and Redis…');
    const postgres = await startPostgres();
    cleanup.push(() => postgres.stop());
    const redis = await startRedis();
    cleanup.push(() => redis.stop());

    let t = Date.now();
    await migrate(postgres.url);
    const fixture = await seed(postgres.url);
    log(
      `Seeded ${fixture.tenants.length} tenants × ${fixture.tenants[0]!.contactIds.length} contacts, campaigns and call history in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );

    const server = await startServer({
      name: 'switchboard',
      nodeArgs: productArgs(),
      logFile: join(work, 'server.log'),
      env: {
        NODE_ENV: 'development',
        DATABASE_URL: postgres.url,
        REDIS_URL: redis.url,
        DATA_DIR: join(work, 'data'),
        LOG_LEVEL: 'info',
        // 1,000 users fetch their tokens from one address within seconds: lift the
        // per-IP limit of the public dev issuer route (authenticated routes keep theirs).
        RATE_LIMIT_IP_PER_MINUTE: '100000',
      },
    });
    cleanup.push(() => server.stop());
    renice([server.pid, ...withChildren(postgres.pid()), redis.pid(), process.pid]);
    log(`Server ready at ${server.url} (log: ${server.logFile})`);
    if (SERVE_SECONDS !== undefined) {
      // The seeded ids, so Locust users need no discovery requests at start.
      const fixtureFile = join(work, 'fixture.json');
      writeFileSync(
        fixtureFile,
        JSON.stringify(fixture.tenants.map((t) => ({ tenant: t.tenant, campaignId: t.campaignId, contactIds: t.contactIds.slice(0, 200) }))),
      );
      log(`Serving for ${SERVE_SECONDS} s (Ctrl-C stops it). Locust:`);
      log(
        `  LOCUST_FIXTURE=${fixtureFile} /usr/bin/python3 -m locust -f test/load/locustfile.py --headless --users 1000 --spawn-rate 50 --run-time 80s --host ${server.url}`,
      );
      await new Promise((r) => setTimeout(r, SERVE_SECONDS * 1000));
      return 0;
    }

    const users = selectUsers(fixture.users, USERS);
    t = Date.now();
    const tokens = await mintTokens(server.url, users);
    log(
      `Minted ${tokens.length} tokens from the dev issuer in ${((Date.now() - t) / 1000).toFixed(1)} s (${users.filter((u) => u.role === 'agent').length} agents, ${users.filter((u) => u.role === 'supervisor').length} supervisors, ${new Set(users.map((u) => u.tenant)).size} tenants)`,
    );

    const random = rng(20261102);
    const byTenant = new Map(fixture.tenants.map((f) => [f.tenant, f]));
    const sessions = users.map((u, i) => new UserSession(u, byTenant.get(u.tenant)!, tokens[i]!, rng(1000 + i)));
    const thinkMs = (users.length / RATE) * 1000;
    log(
      `Running ${users.length} users, mean think time ${(thinkMs / 1000).toFixed(1)} s (≈${RATE} req/s): ${WARMUP_SECONDS} s warm-up, then ${SECONDS} s measured…`,
    );
    const load = loadavg()[0]!;
    const result = await runOpenLoop({
      baseUrl: server.url,
      sessions,
      durationMs: (WARMUP_SECONDS + SECONDS) * 1000,
      warmupMs: WARMUP_SECONDS * 1000,
      thinkMs,
      timeoutMs: 10_000,
      random,
    });

    const rows = ENDPOINTS.map((e) => ({ e, s: summarise(result.latencies[e], result.errors[e]) }));
    const all = summarise(
      ENDPOINTS.flatMap((e) => result.latencies[e]),
      ENDPOINTS.reduce((n, e) => n + result.errors[e], 0),
    );
    const warm = summarise(result.warmup.latencies, result.warmup.errors);
    log('');
    log(
      table(
        ['endpoint', 'requests', 'errors', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
        [
          ...rows.map(({ e, s }) => [e, s.count, s.errors, ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max)]),
          ['overall', all.count, all.errors, ms(all.p50), ms(all.p95), ms(all.p99), ms(all.max)],
        ],
      ),
    );
    log('');
    log(`Throughput: ${(all.count / (result.elapsedMs / 1000)).toFixed(1)} req/s over ${(result.elapsedMs / 1000).toFixed(1)} s`);
    log(`Warm-up (not in the table): ${warm.count} requests, ${warm.errors} errors, p50 ${ms(warm.p50)} ms, p99 ${ms(warm.p99)} ms, max ${ms(warm.max)} ms`);
    log(`Machine load average (1 min) before / after: ${load.toFixed(2)} / ${loadavg()[0]!.toFixed(2)} on ${cpus().length} CPUs`);
    for (const sample of result.samples) log(`  error: ${sample}`);
    log(`Target (p99 ≤ ${P99_TARGET_MS} ms, 0 errors): ${all.errors === 0 && all.p99 <= P99_TARGET_MS ? 'met' : 'NOT met'}`);
    const pass = all.errors === 0 && warm.errors === 0 && all.p99 <= P99_LIMIT_MS;
    log(`Acceptance (p99 ≤ ${P99_LIMIT_MS} ms, 0 errors): ${pass ? 'PASS' : 'FAIL'}`);
    return pass ? 0 : 1;
  } finally {
    await stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
