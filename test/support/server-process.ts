import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
export const SERVER_ENTRY = resolve(ROOT, 'dist/apps/api/src/main.js');

/** Names this checkout's build files in the shared temp folder. */
const BUILD_KEY = `switchboard-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 8)}`;
const BUILD_LOCK = join(tmpdir(), `${BUILD_KEY}.lock`);

/** Runs `fn` holding a lock shared by every Jest worker (mkdir is atomic). */
function withBuildLock(fn: () => void): void {
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      // A lock older than two minutes belongs to a run that died.
      const lock = statSync(BUILD_LOCK, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > 120_000) rmdirSync(BUILD_LOCK);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    fn();
  } finally {
    rmdirSync(BUILD_LOCK);
  }
}

/** The id of the Jest run that last built `dist` (global-setup.ts gives each run one). */
const BUILT_BY = join(tmpdir(), `${BUILD_KEY}.built-by`);

/**
 * Compiles the workspace (incremental tsc) so a test runs the real `dist` build
 * users run, once per Jest run: the files that need it run in parallel, and
 * each build of its own, one after another under the lock, kept a file waiting
 * past its hook's timeout on a busy machine. The lock keeps two builds from
 * writing `dist` at once.
 */
export function buildDist(): void {
  const run = process.env.SWITCHBOARD_TEST_RUN;
  withBuildLock(() => {
    if (run !== undefined && existsSync(BUILT_BY) && readFileSync(BUILT_BY, 'utf8') === run) return;
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe' });
    if (run !== undefined) writeFileSync(BUILT_BY, run);
  });
}

export interface ServerProcess {
  proc: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the URL printed in the start-up banner. */
  url: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/** SIGKILLs every server a test started and left running (call in afterAll). */
export function killServers(): void {
  for (const proc of running) proc.kill('SIGKILL');
  running.clear();
}

/**
 * Starts `dist/apps/api/src/main.js` as a user would (`npm start`), with exactly
 * the given environment on top of PATH/HOME. Kill it with `proc.kill()`.
 */
export function spawnServer(env: Record<string, string>): ServerProcess {
  const proc = spawn(process.execPath, ['--enable-source-maps', SERVER_ENTRY], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(proc);
  proc.once('exit', () => running.delete(proc));
  return followServer(proc);
}

/**
 * Follows a server started with piped stdout and stderr: its output, read as it
 * comes (a child whose pipe is not read blocks on its next log line, and so
 * does every request), and the URL of its start-up banner.
 */
export function followServer(proc: ChildProcess): ServerProcess {
  let out = '';
  let resolveUrl: (url: string) => void;
  const url = new Promise<string>((res) => (resolveUrl = res));
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    const match = /listening on (http:\/\/\S+)/.exec(out);
    if (match) resolveUrl(match[1]!);
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => proc.once('exit', (code, signal) => res({ code, signal })));
  const listening = Promise.race([url, exited.then(() => Promise.reject(new Error(`server exited before listening:\n${out}`)))]);
  listening.catch(() => undefined); // a test that expects the exit never awaits the URL
  return { proc, output: () => out, url: listening, exited };
}
