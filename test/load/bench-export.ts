/**
 * `npm run bench:export`: an export of 1,000,000 calls through the real code path.
 * Starts the built one-process server on a private Postgres (embedded defaults
 * otherwise: in-process SQS, export files in DATA_DIR), seeds one tenant's calls
 * by SQL, then, as a supervisor's client would, POSTs /v1/exports, polls until it
 * completes and downloads the file through its signed link. Prints each export's
 * duration, rows/s, file size and the server's peak RSS while it ran (sampled from
 * /proc every 50 ms) next to its RSS before: memory must stay flat, whatever the
 * row count. Only 127.0.0.1 is used.
 *
 * Options (env): EXPORT_CALLS (1000000), EXPORT_HEAP_MIB (unset; e.g. 160 caps the
 * server's V8 old space, so an export that held its rows would fail instead of
 * merely growing), BENCH_NICE (e.g. -10 on a shared machine).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate } from './support/seed.js';
import { productArgs, startServer } from './support/servers.js';
import { renice, sleep, startPostgres } from './support/services.js';
import { withChildren } from './support/cpu.js';

const CALLS = Number(process.env.EXPORT_CALLS ?? 1_000_000);
const HEAP_MIB = process.env.EXPORT_HEAP_MIB ? Number(process.env.EXPORT_HEAP_MIB) : undefined;
const TENANT = 'bench-exports';
const log = (line: string) => process.stdout.write(`${line}\n`);

/** Calls spread over a year, every 1000th with a note a spreadsheet would run as a formula. */
const SEED_SQL = `
INSERT INTO calls (tenant_id, contact_id, contact_phone, agent_id, campaign_id, direction, started_at, answered_at, ended_at, disposition, notes, created_at, updated_at)
SELECT $1, gen_random_uuid(), '+1415555' || lpad((i % 10000)::text, 4, '0'), gen_random_uuid(), NULL, 'outbound',
       ts, ts + interval '10 seconds', ts + interval '3 minutes',
       (ARRAY['sale','no_answer','busy','voicemail','callback','not_interested','wrong_number'])[1 + i % 7],
       CASE WHEN i % 1000 = 0 THEN '=HYPERLINK("http://example.com")' ELSE 'Call ' || i END, ts, ts
FROM generate_series($2::int, $3::int) i, LATERAL (SELECT $4::timestamptz - make_interval(secs => i * 30) AS ts) t`;

/** Resident set size of `pid` in MiB, from /proc. */
function rssMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** Samples `pid`'s RSS every 50 ms until stopped; answers the peak. */
function sampleRss(pid: number): { stop(): number } {
  let peak = rssMiB(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 50);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssMiB(pid));
    },
  };
}

interface Measured {
  label: string;
  rows: number;
  seconds: number;
  rssBefore: number;
  rssPeak: number;
  fileMiB: number;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'sb-bench-export-'));
  const cleanup: (() => Promise<void>)[] = [];
  try {
    const postgres = await startPostgres();
    cleanup.push(() => postgres.stop());
    await migrate(postgres.url);
    const t = Date.now();
    const sql = new pg.Client({ connectionString: postgres.url });
    await sql.connect();
    const now = new Date('2026-12-01T00:00:00Z');
    for (let done = 0; done < CALLS; done += 250_000) {
      await sql.query(SEED_SQL, [TENANT, done + 1, Math.min(CALLS, done + 250_000), now]);
    }
    await sql.query('ANALYZE calls');
    log(`Seeded ${CALLS.toLocaleString('en')} calls in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const server = await startServer({
      name: 'switchboard',
      nodeArgs: productArgs(HEAP_MIB ? [`--max-old-space-size=${HEAP_MIB}`] : []),
      logFile: join(work, 'server.log'),
      env: { NODE_ENV: 'development', DATABASE_URL: postgres.url, DATA_DIR: join(work, 'data'), LOG_LEVEL: 'warn' },
    });
    cleanup.push(() => server.stop());
    renice([server.pid, ...withChildren(postgres.pid()), process.pid]);
    log(`Server ready at ${server.url} (log: ${server.logFile})${HEAP_MIB ? `, V8 old space capped at ${HEAP_MIB} MiB` : ''}`);

    const minted = await fetch(`${server.url}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: TENANT, role: 'supervisor' }),
    });
    const { accessToken } = (await minted.json()) as { accessToken: string };
    const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${accessToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };

    /** One export, start to downloaded file, with the server's RSS around it. */
    const measure = async (label: string, filter: Record<string, string>): Promise<Measured> => {
      const rssBefore = rssMiB(server.pid);
      const sampler = sampleRss(server.pid);
      const started = Date.now();
      const { id } = await api<{ id: string }>('POST', '/v1/exports', { type: 'calls', format: 'csv', filter });
      let state: { status: string; rowCount: number; downloadUrl: string | null };
      for (;;) {
        state = await api('GET', `/v1/exports/${id}`);
        if (state.status === 'completed' || state.status === 'failed') break;
        await sleep(100);
      }
      const seconds = (Date.now() - started) / 1000;
      const rssPeak = sampler.stop();
      if (state.status !== 'completed') throw new Error(`export ${label} ${state.status}`);
      // Download and count lines as they stream (the file is never held whole here either).
      const file = await fetch(new URL(state.downloadUrl!, server.url));
      let bytes = 0;
      let lines = 0;
      for await (const chunk of file.body!) {
        const buf = chunk as Uint8Array;
        bytes += buf.length;
        for (const b of buf) if (b === 10) lines++;
      }
      // One line per row plus the header; notes hold no newlines here.
      if (lines - 1 !== state.rowCount) throw new Error(`export ${label}: ${lines - 1} lines for rowCount ${state.rowCount}`);
      return { label, rows: state.rowCount, seconds, rssBefore, rssPeak, fileMiB: bytes / 1024 / 1024 };
    };

    await measure('warm-up (1,000 calls)', { from: new Date(now.getTime() - 1000 * 30_000).toISOString() });
    const runs = [
      await measure(`${Math.round(CALLS / 10).toLocaleString('en')} calls`, { from: new Date(now.getTime() - (CALLS / 10) * 30_000).toISOString() }),
      await measure(`${CALLS.toLocaleString('en')} calls`, {}),
    ];
    const [count] = (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM calls WHERE tenant_id = $1', [TENANT])).rows;
    await sql.end();
    if (runs[1]!.rows !== count!.n) throw new Error(`full export has ${runs[1]!.rows} rows, the table ${count!.n}`);

    log('');
    log('| export | rows | duration | rows/s | file | RSS before | peak RSS |');
    log('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of runs) {
      log(
        `| ${r.label} | ${r.rows.toLocaleString('en')} | ${r.seconds.toFixed(1)} s | ${Math.round(r.rows / r.seconds).toLocaleString('en')} | ${r.fileMiB.toFixed(0)} MiB | ${r.rssBefore.toFixed(0)} MiB | ${r.rssPeak.toFixed(0)} MiB |`,
      );
    }
  } finally {
    for (const stop of cleanup.reverse()) await stop().catch((err: unknown) => log(`cleanup: ${(err as Error).message}`));
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
