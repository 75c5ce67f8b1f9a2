import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { INestApplicationContext } from '@nestjs/common';
import { SqsConnection } from '#switchboard/queue';
import type { Subsegment } from 'aws-xray-sdk-core';
import { Redis } from 'ioredis';
import pg from 'pg';

type AnyFn = (...args: unknown[]) => unknown;
let patched = false;

/**
 * X-Ray subsegments for Postgres queries and Redis commands. Neither client has
 * a Powertools integration, so their prototypes are wrapped once per container;
 * the wrappers cost one `isTracingEnabled()` check when tracing is off.
 */
export function traceDataClients(tracer: Tracer): void {
  if (patched || !tracer.isTracingEnabled()) return;
  patched = true;
  wrap(
    pg.Client.prototype as unknown as Record<string, AnyFn>,
    'query',
    tracer,
    (sub, args) => {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
      sub.addSqlData({ database_type: 'PostgreSQL', sanitized_query: text?.slice(0, 500) });
    },
    'postgres',
  );
  wrap(
    Redis.prototype as unknown as Record<string, AnyFn>,
    'sendCommand',
    tracer,
    (sub, args) => {
      sub.addAnnotation('redis_command', String((args[0] as { name?: string } | undefined)?.name ?? 'unknown'));
    },
    'redis',
  );
}

/** X-Ray subsegments for SQS calls, on the app's own client (the SDK stays external to bundles). */
export function traceAwsClients(tracer: Tracer, app: INestApplicationContext): void {
  if (!tracer.isTracingEnabled()) return;
  let sqs: SqsConnection;
  try {
    sqs = app.get(SqsConnection, { strict: false });
  } catch {
    return; // this function has no queue client
  }
  tracer.captureAWSv3Client(sqs.client);
}

function wrap(target: Record<string, AnyFn>, method: string, tracer: Tracer, describe: (sub: Subsegment, args: unknown[]) => void, name: string): void {
  const original = target[method]!;
  target[method] = function traced(this: unknown, ...args: unknown[]) {
    const parent = tracer.getSegment();
    if (!parent) return original.apply(this, args);
    const sub = parent.addNewSubsegment(name);
    describe(sub, args);
    const close = (err?: unknown) => sub.close(err instanceof Error ? err : undefined);
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (err: unknown, ...rest: unknown[]) => {
        close(err);
        return (last as AnyFn)(err, ...rest);
      };
      return original.apply(this, args);
    }
    let result: unknown;
    try {
      result = original.apply(this, args);
    } catch (err) {
      close(err);
      throw err;
    }
    // The caller keeps its own handle on the promise; this branch only observes it.
    const settled = name === 'redis' ? (args[0] as { promise?: Promise<unknown> } | undefined)?.promise : result;
    if (settled && typeof (settled as Promise<unknown>).then === 'function') {
      (settled as Promise<unknown>).then(() => close(), close);
    } else {
      close();
    }
    return result;
  };
}
