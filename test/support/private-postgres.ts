import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, pinned, stopChild } from './processes.js';
import { reachable } from './test-database.js';

/** The newest Postgres server binaries installed on the machine. */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`no Postgres server binaries under ${root}`);
  return join(root, newest, 'bin');
}

/** Who runs the server: Postgres refuses root, so as root the `postgres` OS user, else ourselves. */
function postgresUser(): { uid: number; gid: number } {
  if (process.getuid?.() !== 0) return { uid: process.getuid!(), gid: process.getgid!() };
  const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres']).toString().trim()));
  return { uid: uid!, gid: gid! };
}

export interface PrivatePostgresOptions {
  /** Server settings (`-c name=value`) over the defaults below. */
  settings?: Record<string, string>;
  /** Runs the server on these CPUs (`taskset -c`), for benchmarks. */
  cpus?: string;
  /** Appends the server's log to this file. */
  logFile?: string;
}

/**
 * Durable commits stay on (synchronous_commit): an acknowledged write must
 * survive the crashes the fault suite causes. fsync is off: a temp cluster
 * does not outlive the machine.
 */
const DEFAULT_SETTINGS = { fsync: 'off', max_connections: '60' };

/**
 * A throw-away Postgres cluster of one test file, scenario or benchmark run:
 * initdb in a temp folder, run as the `postgres` OS user on a free port,
 * 127.0.0.1 only (its socket in the temp folder), trust authentication until
 * `requirePasswords()`. Outages are made on it and its authentication
 * changed, never the machine's shared Postgres.
 */
export class PrivatePostgres {
  private child?: ChildProcess;
  private log = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
    private readonly user: { uid: number; gid: number },
    private readonly options: PrivatePostgresOptions,
  ) {}

  static async start(options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-pg-'));
    const user = postgresUser();
    chownSync(dir, user.uid, user.gid);
    const bin = postgresBin();
    execFileSync(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
      ...user,
      stdio: 'pipe',
      env: { PATH: process.env.PATH ?? '', LANG: 'C' },
    });
    const server = new PrivatePostgres(dir, await freePort(), bin, user, options);
    await server.start();
    return server;
  }

  /** A database URL on this cluster (the `postgres` database unless named). */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name: string): Promise<string> {
    const admin = new pg.Client({ connectionString: this.url() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return this.url(name);
  }

  /** Password (SCRAM) authentication for every role but `postgres`, which the tests keep trusting. */
  async requirePasswords(): Promise<void> {
    const hba = ['local all all trust', 'host all postgres 127.0.0.1/32 trust', 'host all all 127.0.0.1/32 scram-sha-256', ''];
    writeFileSync(join(this.dir, 'data', 'pg_hba.conf'), hba.join('\n'), { mode: 0o644 });
    const admin = new pg.Client({ connectionString: this.url() });
    await admin.connect();
    await admin.query('SELECT pg_reload_conf()');
    await admin.end();
  }

  /** The postmaster's process id (while it runs); the backends are its children. */
  get pid(): number {
    if (this.child?.pid === undefined) throw new Error('postgres is not running');
    return this.child.pid;
  }

  async start(): Promise<void> {
    const settings = { ...DEFAULT_SETTINGS, ...this.options.settings, listen_addresses: '127.0.0.1', unix_socket_directories: this.dir };
    const args = ['-D', join(this.dir, 'data'), '-p', String(this.port), ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
    const [command, pinnedArgs] = pinned(this.options.cpus, join(this.bin, 'postgres'), args);
    const child = spawn(command, pinnedArgs, { ...this.user, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const output = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-8000);
      if (this.options.logFile) appendFileSync(this.options.logFile, chunk);
    };
    child.stdout!.on('data', output);
    child.stderr!.on('data', output);
    const exited = once(child, 'exit').then(() => {
      throw new Error(`postgres exited during start-up:\n${this.log}`);
    });
    await Promise.race([exited, this.accepting()]);
  }

  /**
   * Immediate shutdown (SIGQUIT): every session is cut as in a crash, and the
   * next start runs crash recovery.
   */
  async stop(): Promise<void> {
    if (this.child) await stopChild(this.child, 'SIGQUIT');
    this.child = undefined;
  }

  /** Stops the server and removes its files. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Resolves once the server accepts connections; throws after 30 s. */
  private async accepting(): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!(await reachable(this.url(), 1000))) {
      if (Date.now() > deadline) throw new Error(`private Postgres did not accept connections within 30 s:\n${this.log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
