/**
 * Private Postgres and Redis instances for benchmarks: each run gets its own
 * cluster (initdb under a temp dir, run as the `postgres` OS user) and its own
 * redis-server, bound to 127.0.0.1 on free ports, optionally pinned to CPUs.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP port free on 127.0.0.1 right now, below the ephemeral range (Postgres and Redis like that). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port found');
}

/** `taskset -c <cpus>` prefix for a command, or nothing. */
export function pinned(cpus: string | undefined, command: string, args: string[]): [string, string[]] {
  return cpus === undefined ? [command, args] : ['taskset', ['-c', cpus, command, ...args]];
}

/**
 * Renices processes (BENCH_NICE, e.g. -10) so a benchmark on a shared machine
 * loses less CPU to unrelated work; a no-op when unset.
 */
export function renice(pids: number[], nice = process.env.BENCH_NICE): void {
  if (nice === undefined) return;
  for (const pid of pids) execFileSync('renice', ['-n', nice, '-p', String(pid)], { stdio: 'ignore' });
}

function postgresBin(name: string): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', name))) : [];
  if (!versions.length) throw new Error(`PostgreSQL binaries not found under ${root} (apt-get install postgresql)`);
  return join(root, versions.sort((a, b) => Number(b) - Number(a))[0]!, 'bin', name);
}

export interface PrivatePostgres {
  url: string;
  port: number;
  /** The postmaster's pid (its children are the backends). */
  pid(): number;
  stop(): Promise<void>;
}

/**
 * initdb + postgres as the `postgres` OS user (Postgres refuses root), trust auth,
 * 127.0.0.1 only. synchronous_commit=off so a run measures the servers' CPU, not
 * the disk's fsync latency; the same settings serve both sides of an A/B.
 */
export async function startPostgres(opts: { cpus?: string; label: string; settings?: Record<string, string>; logFile?: string }): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), `sb-bench-pg-${opts.label}-`));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
  const asPostgres = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  const [initCmd, initArgs] = asPostgres(postgresBin('initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  execFileSync(initCmd, initArgs, { stdio: 'pipe' });
  const port = await freePort();
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: dir,
    synchronous_commit: 'off',
    max_connections: '100',
    shared_buffers: '256MB',
    logging_collector: 'off',
    ...opts.settings,
  };
  const [cmd, args] = pinned(opts.cpus, ...asPostgres(postgresBin('postgres'), ['-D', data, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])]));
  const proc: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr!.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
    if (opts.logFile) appendFileSync(opts.logFile, chunk);
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => undefined);
      if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`private Postgres did not start:\n${log}`);
      await sleep(200);
    }
  }
  const pid = () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    url,
    port,
    pid,
    async stop() {
      try {
        process.kill(pid(), 'SIGINT'); // fast shutdown
      } catch {
        // already gone
      }
      await new Promise<void>((resolve) => (proc.exitCode !== null ? resolve() : proc.once('exit', () => resolve())));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PrivateRedis {
  url: string;
  pid(): number;
  stop(): Promise<void>;
}

/** A redis-server child on a free 127.0.0.1 port, without persistence. */
export async function startRedis(opts: { cpus?: string }): Promise<PrivateRedis> {
  const port = await freePort();
  const [cmd, args] = pinned(opts.cpus, 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes']);
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const onData = (chunk: Buffer) => (log += chunk.toString());
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const deadline = Date.now() + 10_000;
  while (!/Ready to accept connections/i.test(log)) {
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`private redis-server did not start:\n${log}`);
    await sleep(50);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: () => proc.pid!,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      }
    },
  };
}
