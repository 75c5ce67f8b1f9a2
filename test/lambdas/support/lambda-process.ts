import { type ChildProcess, fork } from 'node:child_process';
import { dirname, resolve } from 'node:path';

const HOST = resolve(import.meta.dirname, 'lambda-host.mjs');

export interface Invocation<T> {
  result: T;
  /** Time inside the handler call, as the host measured it. */
  ms: number;
  /** CPU time the process spent on it (user + system). */
  cpuMs: number;
}

/** One bundle running in its own Node process: a Lambda execution environment. */
export interface LambdaProcess {
  name: string;
  /** Time to import the bundle (the runtime's init phase). */
  loadMs: number;
  loadCpuMs: number;
  bootstrap(): Promise<Invocation<void>>;
  invoke<T = unknown>(event: unknown): Promise<Invocation<T>>;
  /** Everything the function wrote to stdout and stderr so far (logs, EMF metrics). */
  output(): string;
  close(): Promise<void>;
}

export interface StartOptions {
  env: Record<string, string | undefined>;
  /** Parse the bundle's source map for stack traces (slower start). */
  sourceMaps?: boolean;
  /** Extra Node flags, e.g. `--cpu-prof` while investigating a cold start. */
  execArgv?: string[];
}

interface Reply {
  id?: number;
  type?: string;
  ok?: boolean;
  result?: unknown;
  ms?: number;
  cpuMs?: number;
  loadMs?: number;
  loadCpuMs?: number;
  error?: { name?: string; message: string; stack?: string };
}

/**
 * Starts `bundle` (a built dist/lambdas/<name>/index.js) in a fresh Node process
 * with only the environment given, the way the Lambda runtime would, and
 * resolves once the module has been imported.
 */
export async function startLambda(name: string, bundle: string, options: StartOptions): Promise<LambdaProcess> {
  let out = '';
  const child: ChildProcess = fork(HOST, [bundle, name], {
    // Lambda runs a function from its task root: nothing outside it (or the
    // runtime's SDK) may be found, not even through process.cwd().
    cwd: dirname(bundle),
    env: {
      PATH: process.env.PATH,
      // What the Lambda runtime sets for every function.
      AWS_LAMBDA_FUNCTION_NAME: name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      POWERTOOLS_SERVICE_NAME: name,
      ...options.env,
    } as NodeJS.ProcessEnv,
    execArgv: [...(options.sourceMaps ? ['--enable-source-maps'] : []), ...(options.execArgv ?? [])],
    silent: true,
  });
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));

  const waiting = new Map<number, (reply: Reply) => void>();
  let nextId = 1;
  let exited: string | undefined;
  const loaded = new Promise<Reply>((resolveLoad, rejectLoad) => {
    child.on('message', (reply: Reply) => {
      if (reply.type === 'loaded') resolveLoad(reply);
      else if (reply.type === 'load-failed') rejectLoad(new Error(`${name}: the bundle failed to load: ${reply.error?.stack ?? reply.error?.message}`));
      else if (reply.id !== undefined) waiting.get(reply.id)?.(reply);
    });
    child.on('exit', (code, signal) => {
      exited = `${name} exited (${code ?? signal})`;
      rejectLoad(new Error(`${exited}\n${out}`));
      for (const done of waiting.values()) done({ ok: false, error: { message: `${exited}\n${out.slice(-4000)}` } });
      waiting.clear();
    });
  });

  const call = (message: Record<string, unknown>): Promise<Reply> => {
    if (exited) return Promise.reject(new Error(exited));
    const id = nextId++;
    return new Promise((done) => {
      waiting.set(id, (reply) => {
        waiting.delete(id);
        done(reply);
      });
      child.send({ ...message, id });
    });
  };
  const failed = (reply: Reply) => new Error(`${name}: ${reply.error?.stack ?? reply.error?.message}\n--- function output ---\n${out.slice(-4000)}`);

  const { loadMs, loadCpuMs } = await loaded;
  return {
    name,
    loadMs: loadMs!,
    loadCpuMs: loadCpuMs!,
    output: () => out,
    bootstrap: async () => {
      const reply = await call({ type: 'bootstrap' });
      if (!reply.ok) throw failed(reply);
      return { result: undefined, ms: reply.ms!, cpuMs: reply.cpuMs! };
    },
    invoke: async <T>(event: unknown) => {
      const reply = await call({ type: 'invoke', event });
      if (!reply.ok) throw failed(reply);
      return { result: reply.result as T, ms: reply.ms!, cpuMs: reply.cpuMs! };
    },
    close: async () => {
      if (exited) return;
      const gone = new Promise<void>((done) => child.once('exit', () => done()));
      // A clean exit first (profilers write their output then), a signal if it lingers.
      child.send({ type: 'exit' });
      const timer = setTimeout(() => child.kill('SIGTERM'), 2000);
      await gone;
      clearTimeout(timer);
    },
  };
}
