import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RootLogger } from '#switchboard/common';
import { scheduledTask } from '#switchboard/registry';
import { IdleConnections } from '../bootstrap/idle-connections.js';
import { idleReconnectMs, prepareLambdaEnvironment } from '../bootstrap/lambda-environment.js';
import { type FeatureModule, lambdaRootModule } from '../bootstrap/lambda-root.module.js';
import { once } from '../bootstrap/once.js';
import type { LambdaContext, ScheduledEvent } from '../lambda-types.js';
import { withInvocation } from '../observability/invocation.js';
import { lambdaLogger, lambdaMetrics, lambdaTracer } from '../observability/powertools.js';
import { traceAwsClients } from '../observability/tracing.js';

/** A scheduled task's handler with its cached Nest application context. */
export interface LambdaScheduledHandler<T> {
  (event: ScheduledEvent, context: LambdaContext): Promise<T>;
  bootstrap(): Promise<void>;
}

/** One run of a task: the booted feature and the invocation (its remaining time). */
export type ScheduledRun<T> = (app: INestApplicationContext, context: LambdaContext) => Promise<T>;

/**
 * The function of one scheduled task of the module registry (an EventBridge
 * rule invokes it): the entry's module in a Nest application context (no HTTP
 * server, no queue polling), created once per container, and `run` once per
 * invocation. What `run` returns is logged and returned; a failure fails the
 * invocation (the Errors alarm), and the next tick is the retry.
 */
export function createScheduledHandler<T>(name: string, feature: FeatureModule, run: ScheduledRun<T>): LambdaScheduledHandler<T> {
  scheduledTask(name); // a task the registry does not schedule fails at import
  const boot = once(async () => {
    await prepareLambdaEnvironment();
    const app = await NestFactory.createApplicationContext(lambdaRootModule(feature), { bufferLogs: true, abortOnError: false });
    app.useLogger(app.get(RootLogger).nest);
    await app.init();
    traceAwsClients(lambdaTracer, app);
    return { app, idle: new IdleConnections(app, idleReconnectMs()) };
  });

  const handler = async (event: ScheduledEvent, context: LambdaContext): Promise<T> =>
    withInvocation(name, context, event.id, async () => {
      const { app, idle } = await boot();
      const started = performance.now();
      await idle.beforeInvocation();
      try {
        const result = await run(app, context);
        lambdaLogger.info(`${name} ran`, { result, scheduledAt: event.time });
        return result;
      } finally {
        lambdaMetrics.addMetric('ScheduledRunLatency', MetricUnit.Milliseconds, performance.now() - started);
        idle.afterInvocation();
      }
    });

  return Object.assign(handler, { bootstrap: async () => void (await boot()) });
}
