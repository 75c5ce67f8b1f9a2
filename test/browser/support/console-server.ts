import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface ConsoleServer {
  /** e.g. http://127.0.0.1:41234 — the console at `/`, the API under /v1. */
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** A free loopback port: the dev issuer's `iss` carries the port, so it must be known before start. */
function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

/**
 * Runs the built server (npm run build + npm run build:web) as its own process
 * against a fresh database on the machine's Postgres, with the embedded queue
 * emulator and cache, and the dev issuer: what `npm start` gives a developer.
 */
export async function startConsoleServer(): Promise<ConsoleServer> {
  for (const file of ['dist/apps/api/src/create-api-app.js', 'apps/web/dist/index.html']) {
    if (!existsSync(join(ROOT, file))) throw new Error(`${file} is missing: run \`npm run build && npm run build:web\` (npm run test:browser does)`);
  }
  const db: TestDatabase = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-browser-'));
  const port = await freePort();
  const proc: ChildProcess = spawn(process.execPath, ['--enable-source-maps', join(ROOT, 'test/browser/support/serve-loopback.mjs')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((res) => proc.once('exit', () => res()));
  const listening = new Promise<void>((res, rej) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('listening on ')) res();
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    void exited.then(() => rej(new Error(`server exited before listening:\n${out}`)));
  });
  const cleanup = async () => {
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await listening;
  } catch (err) {
    await cleanup();
    throw err;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    stop: async () => {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await exited;
      await cleanup();
    },
  };
}
