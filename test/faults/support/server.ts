import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVER_ENTRY } from '../../support/server-process.js';

const ROOT = resolve(import.meta.dirname, '../../..');
/** The copy of the build global-setup.ts took, or `dist` itself when run without it. */
const ENTRY = process.env.SWITCHBOARD_FAULTS_SERVER ?? SERVER_ENTRY;

/** Throws with the server's last output if its process has ended (a crash is the finding, not its symptoms). */
export function assertAlive(server: RunningServer): void {
  if (server.proc.exitCode !== null || server.proc.signalCode !== null) {
    throw new Error(`the server died (exit ${server.proc.exitCode ?? server.proc.signalCode}):\n${server.output().slice(-4000)}`);
  }
}

/** Settings every server of the suite starts with (a scenario adds its own). */
export const BASE_ENV = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'error',
  HOST: '127.0.0.1',
  PORT: '0',
  // The load scenarios drive one subject from one IP far past the default
  // limits; the abuse scenario sets low ones of its own.
  RATE_LIMIT_PER_MINUTE: '1000000',
  RATE_LIMIT_IP_PER_MINUTE: '1000000',
  CORS_ORIGINS: '',
} as const;

export interface RunningServer {
  proc: ChildProcess;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal; resolves with the exit. */
  signal(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL if still running, and removes its data folder. */
  stop(): Promise<void>;
}

/**
 * Starts the built one-process server (`dist/apps/api/src/main.js`, as
 * `npm run start:prod` does) as a child process with `env` on top of PATH/HOME,
 * a data folder of its own, listening on 127.0.0.1 only.
 */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-faults-data-'));
  const proc = spawn(process.execPath, ['--enable-source-maps', ENTRY], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...BASE_ENV, DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => proc.once('exit', (code, signal) => res({ code, signal })));
  const port = new Promise<string>((res, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on http:\/\/[^:\s]+:(\d+)/.exec(out);
      if (match) res(match[1]!);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    void exited.then(() => reject(new Error(`server exited before listening:\n${out}`)));
  });
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGKILL');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const url = `http://127.0.0.1:${await port}`;
    return {
      proc,
      url,
      output: () => out,
      exited,
      signal: (signal) => {
        proc.kill(signal);
        return exited;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
