import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestIssuer, type TestIssuer } from '../support/auth.js';
import { followServer, SERVER_ENTRY } from '../support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { send } from './support/http.js';
import { BASE_ENV, startServer } from './support/server.js';
import { recordScenario, type ScenarioRow } from './support/summary.js';

/** A development server as `npm start` makes it (NODE_ENV unset), but listening on every interface. */
const ON_NETWORK = { NODE_ENV: '', HOST: '0.0.0.0', LOG_LEVEL: 'warn' } as const;

/**
 * Issue 20 item 3: the dev issuer, the public default webhook secret and the
 * in-process queue never serve a network by accident. The built server, with
 * HOST=0.0.0.0 and development defaults, must exit with one line saying why
 * and what to set; with the opt-in it starts and warns.
 */
describe('development defaults on a network address', () => {
  const row: ScenarioRow = { scenario: 'development defaults on HOST=0.0.0.0 (refused; opt-in warns)', requests: 0, failures: 0, lostWrites: 0 };
  let passedTests = 0;
  let db: TestDatabase;
  let issuer: TestIssuer;

  beforeAll(async () => {
    db = await createTestDatabase();
    issuer = await startTestIssuer();
  });

  afterAll(async () => {
    row.passed = passedTests === 3;
    recordScenario(row);
    await db?.drop();
    await issuer?.close();
  });

  /**
   * Starts the built server (the suite's copy) and waits for it to exit or to
   * listen: the exit code and output, or `listening` when it started (then killed).
   */
  async function start(env: Record<string, string>): Promise<{ code: number | null; output: string; listening: boolean }> {
    row.requests += 1;
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-faults-data-'));
    const proc = spawn(process.execPath, ['--enable-source-maps', process.env.SWITCHBOARD_FAULTS_SERVER ?? SERVER_ENTRY], {
      cwd: resolve(import.meta.dirname, '../..'),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...BASE_ENV, DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = followServer(proc);
    try {
      const first = await Promise.race([
        server.exited.then(({ code }) => ({ code, listening: false })),
        server.url.then(() => ({ code: null, listening: true })),
      ]);
      if (first.listening) {
        row.failures += 1;
        proc.kill('SIGKILL');
        await server.exited;
      }
      return { ...first, output: server.output() };
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  it('refuses to start with every development default, in one line naming each and what to set', async () => {
    const { code, output, listening } = await start({ ...ON_NETWORK, DATABASE_URL: db.url });
    const lines = output.trim().split('\n');
    console.log(`dev defaults: HOST=0.0.0.0 with every default → exit ${code}: ${output.trim()}`);
    expect(listening).toBe(false);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Refusing to serve development defaults on HOST=0\.0\.0\.0: /);
    for (const setting of ['AUTH_ISSUER_URL', 'TELEPHONY_WEBHOOK_SECRET', 'SQS_ENDPOINT', 'HOST=127.0.0.1', 'ALLOW_DEV_DEFAULTS_ON_NETWORK=true'])
      expect(lines[0]).toContain(setting);
    expect(lines[0]).not.toContain('dev-webhook-secret');
    passedTests += 1;
  }, 60_000);

  it('refuses even one default (the webhook secret named explicitly, as .env.example does), and the exit is non-zero', async () => {
    const { code, output, listening } = await start({
      ...ON_NETWORK,
      ...issuer.env,
      DATABASE_URL: db.url,
      SQS_ENDPOINT: 'http://127.0.0.1:9',
      TELEPHONY_WEBHOOK_SECRET: 'dev-webhook-secret',
    });
    expect([listening, code === 0 || code === null]).toEqual([false, false]);
    expect(output.trim()).toBe(
      'Refusing to serve development defaults on HOST=0.0.0.0: the public default webhook secret (set TELEPHONY_WEBHOOK_SECRET); the public default key that encrypts stored secrets (set SECRETS_ENCRYPTION_KEYS). Set those, or listen on loopback (HOST=127.0.0.1), or on a trusted network set ALLOW_DEV_DEFAULTS_ON_NETWORK=true.',
    );
    passedTests += 1;
  }, 60_000);

  it('with ALLOW_DEV_DEFAULTS_ON_NETWORK=true it starts, warns, and serves', async () => {
    row.requests += 1;
    const server = await startServer({ ...ON_NETWORK, DATABASE_URL: db.url, ALLOW_DEV_DEFAULTS_ON_NETWORK: 'true' });
    try {
      const warning = server
        .output()
        .split('\n')
        .find((line) => line.startsWith('Warning: development defaults on HOST=0.0.0.0'));
      console.log(`dev defaults: with the opt-in → ${warning}`);
      expect(warning).toContain('ALLOW_DEV_DEFAULTS_ON_NETWORK=true');
      expect(warning).toContain('dev issuer');
      const port = new URL(server.url).port;
      const live = await send(`http://127.0.0.1:${port}`, { method: 'GET', path: '/health/live' });
      row.requests += 1;
      expect(live.status).toBe(200);
      const { code } = await server.signal('SIGTERM');
      expect(code).toBe(0);
      passedTests += 1;
    } finally {
      await server.stop();
    }
  }, 120_000);
});
