/**
 * Open-loop paced load: every user sends its next request at a scheduled time
 * (exponential think time), whether or not the server kept up. Latency is
 * measured from the scheduled time, so a slow server cannot hide its queueing
 * (no coordinated omission). Each user keeps its own keep-alive connection.
 */
import { Agent, request } from 'node:http';
import { ENDPOINTS, isExpected, type Endpoint, type Step, type UserSession } from './scenario.js';

export interface OpenLoopOptions {
  baseUrl: string;
  sessions: UserSession[];
  durationMs: number;
  /** Requests scheduled in this first part of `durationMs` go to `warmup`, not to the results. */
  warmupMs?: number;
  /** Mean think time per user; users × (1 / thinkMs) is the offered rate. */
  thinkMs: number;
  timeoutMs: number;
  random: () => number;
}

export interface OpenLoopResult {
  latencies: Record<Endpoint, number[]>;
  errors: Record<Endpoint, number>;
  /** A few failures per endpoint, for the report. */
  samples: string[];
  /** Length of the measured part (after the warm-up). */
  elapsedMs: number;
  warmup: { latencies: number[]; errors: number };
}

interface Reply {
  status: number;
  body: string;
}

function send(baseUrl: URL, agent: Agent, token: string, step: Step, timeoutMs: number): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (step.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(step.body));
    }
    const req = request({ host: baseUrl.hostname, port: baseUrl.port, method: step.method, path: step.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(step.body);
  });
}

export async function runOpenLoop(opts: OpenLoopOptions): Promise<OpenLoopResult> {
  const base = new URL(opts.baseUrl);
  const latencies = Object.fromEntries(ENDPOINTS.map((e) => [e, [] as number[]])) as Record<Endpoint, number[]>;
  const errors = Object.fromEntries(ENDPOINTS.map((e) => [e, 0])) as Record<Endpoint, number>;
  const samples: string[] = [];
  const sampled = new Map<Endpoint, number>();
  const start = performance.now();
  const end = start + opts.durationMs;
  const measureFrom = start + (opts.warmupMs ?? 0);
  const warmup = { latencies: [] as number[], errors: 0 };
  const inFlight = new Set<Promise<void>>();
  const agents: Agent[] = [];
  const think = () => -Math.log(1 - opts.random()) * opts.thinkMs;

  const fire = (session: UserSession, agent: Agent, scheduledAt: number) => {
    if (scheduledAt >= end) return;
    const step = session.pick();
    const inWarmup = scheduledAt < measureFrom;
    const record = () => (inWarmup ? warmup.latencies : latencies[step.endpoint]).push(performance.now() - scheduledAt);
    const done = send(base, agent, session.token, step, opts.timeoutMs).then(
      (reply) => {
        record();
        session.observe(step, reply.status, reply.body);
        if (!isExpected(step.endpoint, reply.status)) fail(step, `${reply.status} ${reply.body.slice(0, 200)}`, inWarmup);
      },
      (err: Error) => {
        record();
        fail(step, err.message, inWarmup);
      },
    );
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
    const next = scheduledAt + think();
    setTimeout(() => fire(session, agent, next), Math.max(0, next - performance.now()));
  };
  const fail = (step: Step, what: string, inWarmup: boolean) => {
    if (inWarmup) warmup.errors += 1;
    else errors[step.endpoint] += 1;
    const n = sampled.get(step.endpoint) ?? 0;
    if (n < 3) samples.push(`${step.method} ${step.path}: ${what}`);
    sampled.set(step.endpoint, n + 1);
  };

  for (const session of opts.sessions) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    // Each user is a Poisson process from the start (memoryless: no ramp overshoot).
    const first = start + think();
    setTimeout(() => fire(session, agent, first), Math.max(0, first - performance.now()));
  }
  await new Promise((r) => setTimeout(r, opts.durationMs));
  while (inFlight.size) await Promise.allSettled([...inFlight]);
  const elapsedMs = Math.min(performance.now(), end) - measureFrom;
  for (const agent of agents) agent.destroy();
  return { latencies, errors, samples, elapsedMs, warmup };
}
