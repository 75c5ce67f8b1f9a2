/** Starting the servers under test as child processes, with their logs in a file. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createWriteStream, openSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort, pinned, sleep } from './services.js';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const PRODUCT_ENTRY = resolve(ROOT, 'dist/apps/api/src/main.js');

export interface ServerUnderTest {
  name: string;
  url: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Spawns `node <args>` (pinned when `cpus` is set) with exactly `env` on top of
 * PATH/HOME, stdout and stderr into `logFile`, and waits until `readyPath` answers 200.
 */
export async function startServer(opts: {
  name: string;
  nodeArgs: string[];
  env: Record<string, string>;
  logFile: string;
  cpus?: string;
  readyPath?: string;
  /** 'discard': stdout to /dev/null (the log lines are still made and written), stderr to `logFile`. */
  stdout?: 'log' | 'discard';
}): Promise<ServerUnderTest> {
  const port = await freePort();
  const [cmd, args] = pinned(opts.cpus, process.execPath, opts.nodeArgs);
  // Logs go to a pipe drained by this process, as a container runtime drains
  // stdout (a file would add the filesystem journal's stalls to every
  // synchronous log write). At full load even a pipe stalls the writer whenever
  // the reader lags, so throughput runs discard stdout instead.
  const discard = opts.stdout === 'discard';
  const devNull = discard ? openSync('/dev/null', 'w') : undefined;
  const proc: ChildProcess = spawn(cmd, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...opts.env, PORT: String(port) },
    stdio: ['ignore', devNull ?? 'pipe', 'pipe'],
  });
  if (devNull !== undefined) closeSync(devNull);
  const sink = createWriteStream(opts.logFile, { flags: 'a' });
  proc.stdout?.pipe(sink, { end: false });
  proc.stderr!.pipe(sink, { end: false });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((res) => proc.once('exit', () => res()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      await new Promise((r) => sink.end(r));
      throw new Error(`${opts.name} exited during start-up:\n${readFileSync(opts.logFile, 'utf8').slice(-3000)}`);
    }
    const ok = await fetch(`${url}${opts.readyPath ?? '/health/ready'}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${opts.name} not ready after 60 s:\n${readFileSync(opts.logFile, 'utf8').slice(-3000)}`);
    }
    await sleep(200);
  }
  return {
    name: opts.name,
    url,
    pid: proc.pid!,
    logFile: opts.logFile,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      await new Promise((r) => sink.end(r));
    },
  };
}

/** The one-process server as `npm run start:prod` runs it. */
export function productArgs(extra: string[] = []): string[] {
  return [...extra, '--enable-source-maps', PRODUCT_ENTRY];
}
