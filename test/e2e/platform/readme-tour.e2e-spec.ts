import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildDist, killServers, spawnServer, type ServerProcess } from '../../support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

/** The shell block of the README's "A short tour", as a reader copies it. */
function tourScript(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## A short tour'));
  const block = /```sh\n([\s\S]*?)\n```/.exec(section);
  if (!block) throw new Error('README.md has no shell block under "A short tour"');
  return block[1]!;
}

/** A port nothing listens on now (the dev issuer's URL, which tokens name, includes it, so it cannot be 0). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const { port } = server.address() as { port: number };
  await new Promise((res) => server.close(res));
  return port;
}

/**
 * The README's tour, run as written: `npm start`'s server on its development
 * defaults (a test database instead of the embedded one), then the tour's shell
 * block with bash, its `npm run` commands, curl and jq. Every request must
 * succeed but the one the tour shows refused (409 AGENT.NOT_AVAILABLE).
 */
describe('the README tour', () => {
  let db: TestDatabase;
  let dataDir: string;
  let server: ServerProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    buildDist();
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'switchboard-tour-'));
    env = { NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(await freePort()), LOG_LEVEL: 'warn', DATABASE_URL: db.url, DATA_DIR: dataDir };
    server = spawnServer(env);
    await server.url;
  }, 120_000);

  afterAll(async () => {
    killServers();
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs from the first command to the last, and every answer is the one it describes', async () => {
    const script = tourScript().replace('API=http://localhost:3000', `API=http://127.0.0.1:${env.PORT}`);
    expect(script).toContain(`API=http://127.0.0.1:${env.PORT}`);
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    // Problems print their stable code: the tour shows exactly one refusal.
    const codes = [...stdout.matchAll(/"type":"https:\/\/switchboard\.dev\/problems\/([A-Z_.]+)"/g)].map((m) => m[1]);
    expect(codes).toEqual(['AGENT.NOT_AVAILABLE']);
    expect(stdout).toContain('"state":"scheduled"');
    expect(stdout).toMatch(/"owner":"[0-9a-f-]{36}"/);
    expect(stdout).toMatch(/HTTP\/1\.1 200 OK[\s\S]*etag: /i);
    expect(stdout).toContain('"state": "wrap_up"');
  }, 300_000);
});
