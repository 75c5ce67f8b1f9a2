import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { followServer, type ServerProcess } from '../../support/server-process.js';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * The workspace as a clean clone has it (tracked and new files, nothing git
 * ignores: no dist, no .data, no .env) in a new folder, with the installed
 * node_modules linked in. Workspace imports resolve through package.json to
 * dist, so no earlier build can hide a file the CLI's build does not make.
 */
function freshClone(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-nest-start-'));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0');
  for (const file of files) {
    // Regular files only: not a deletion not yet committed, nor a symlinked node_modules.
    if (!file || !lstatSync(join(ROOT, file), { throwIfNoEntry: false })?.isFile()) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/**
 * `nest start api`, as the README tells a new user: the Nest CLI builds into
 * an empty dist and runs the server on the project's Node 24 (node_modules/.bin
 * first on PATH, as npm puts it), against a test database, with no Redis.
 */
describe('nest start api (fresh clone)', () => {
  let clone: string;
  let db: TestDatabase;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    clone = freshClone();
    db = await createTestDatabase();
  });

  afterAll(async () => {
    // The CLI and the server it started share a process group (detached): a failed test leaves neither behind.
    if (server?.proc.pid && server.proc.exitCode === null && server.proc.signalCode === null) process.kill(-server.proc.pid, 'SIGKILL');
    await db?.drop();
    if (clone) rmSync(clone, { recursive: true, force: true });
  });

  it('builds, serves /health/ready, and stops on SIGTERM', async () => {
    const proc = spawn(join(clone, 'node_modules/.bin/nest'), ['start', 'api'], {
      cwd: clone,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: `${join(clone, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'warn',
        DATABASE_URL: db.url,
      },
    });
    server = followServer(proc);
    // Both the CLI and the server write to these pipes: they close once both have exited.
    const closed = once(proc, 'close');
    const { port } = new URL(await server.url);
    const ready = `http://127.0.0.1:${port}/health/ready`;

    await expect(untilReady(ready)).resolves.toBe(200);

    // To the whole group, as a terminal's Ctrl+C or a process manager does: the
    // CLI runs the server through a shell, which does not pass on a signal sent
    // to the CLI alone (the server would live on after the CLI exits).
    process.kill(-proc.pid!, 'SIGTERM');
    await closed;
    expect(server.output()).toContain('SIGTERM received: shutting down');
    expect(server.output()).not.toMatch(/Shutdown (grace period over|failed)/);
    await expect(fetch(ready)).rejects.toThrow();
  }, 240_000);
});

/** The status of `url` once it answers 200, or the last one seen after 20 s. */
async function untilReady(url: string): Promise<number> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const status = await fetch(url).then(
      async (res) => (await res.arrayBuffer(), res.status),
      () => 0,
    );
    if (status === 200 || Date.now() > deadline) return status;
    await new Promise((res) => setTimeout(res, 200));
  }
}
