import { type ChildProcess, spawn } from 'node:child_process';
import { freePort, pinned, stopChild } from './processes.js';

/**
 * A throw-away redis-server of one test file, scenario or benchmark run, on
 * loopback, without persistence: outages are made on it, never on the
 * machine's shared Redis. `start()` again after `kill()` brings it back,
 * empty, on the same port.
 */
export class PrivateRedis {
  private child?: ChildProcess;

  constructor(
    readonly port: number,
    /** Runs the server on these CPUs (`taskset -c`), for benchmarks. */
    private readonly cpus?: string,
  ) {}

  static async start(options: { cpus?: string } = {}): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), options.cpus);
    await redis.start();
    return redis;
  }

  /** The server's process id (while it runs). */
  get pid(): number {
    if (this.child?.pid === undefined) throw new Error('redis-server is not running');
    return this.child.pid;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const [command, args] = pinned(this.cpus, 'redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
    });
  }

  /** SIGKILL: the abrupt end a crash or a network cut would be. */
  async kill(): Promise<void> {
    if (this.child) await stopChild(this.child, 'SIGKILL');
    this.child = undefined;
  }
}
