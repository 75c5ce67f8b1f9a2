/**
 * Private Postgres and Redis instances for benchmarks: each run gets its own
 * cluster and redis-server (test/support's throw-away servers), bound to
 * 127.0.0.1 on free ports, optionally pinned to CPUs.
 */
import { execFileSync } from 'node:child_process';
import { PrivatePostgres as PostgresServer } from '../../support/private-postgres.js';
import { PrivateRedis as RedisServer } from '../../support/private-redis.js';

export { freePort, pinned } from '../../support/processes.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Renices processes (BENCH_NICE, e.g. -10) so a benchmark on a shared machine
 * loses less CPU to unrelated work; a no-op when unset.
 */
export function renice(pids: number[], nice = process.env.BENCH_NICE): void {
  if (nice === undefined) return;
  for (const pid of pids) execFileSync('renice', ['-n', nice, '-p', String(pid)], { stdio: 'ignore' });
}

export interface PrivatePostgres {
  url: string;
  port: number;
  /** The postmaster's pid (its children are the backends). */
  pid(): number;
  stop(): Promise<void>;
}

/**
 * Durable writes as in production (fsync on), but commits that do not wait
 * for the disk (synchronous_commit=off): a run measures the servers' CPU, not
 * the disk's flush latency. The same settings serve both sides of an A/B.
 */
const BENCH_SETTINGS = { fsync: 'on', synchronous_commit: 'off', max_connections: '100', shared_buffers: '256MB', logging_collector: 'off' };

export async function startPostgres(opts: { cpus?: string; settings?: Record<string, string>; logFile?: string } = {}): Promise<PrivatePostgres> {
  const server = await PostgresServer.start({ cpus: opts.cpus, logFile: opts.logFile, settings: { ...BENCH_SETTINGS, ...opts.settings } });
  return { url: server.url(), port: server.port, pid: () => server.pid, stop: () => server.destroy() };
}

export interface PrivateRedis {
  url: string;
  pid(): number;
  stop(): Promise<void>;
}

/** A redis-server child on a free 127.0.0.1 port, without persistence. */
export async function startRedis(opts: { cpus?: string } = {}): Promise<PrivateRedis> {
  const server = await RedisServer.start({ cpus: opts.cpus });
  return { url: server.url, pid: () => server.pid, stop: () => server.kill() };
}
