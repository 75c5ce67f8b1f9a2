import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { NestFactory } from '@nestjs/core';
import { RootLogger } from '#switchboard/common';
import { processSqsEvent, QueueHandlerRegistry, QueueProcessor } from '#switchboard/queue';
import { consumerOf, type QueueName } from '#switchboard/registry';
import { IdleConnections } from '../bootstrap/idle-connections.js';
import { idleReconnectMs, prepareLambdaEnvironment } from '../bootstrap/lambda-environment.js';
import { type FeatureModule, lambdaRootModule } from '../bootstrap/lambda-root.module.js';
import { once } from '../bootstrap/once.js';
import type { LambdaContext, SqsBatchResponse, SqsEvent } from '../lambda-types.js';
import { withInvocation } from '../observability/invocation.js';
import { lambdaMetrics, lambdaTracer } from '../observability/powertools.js';
import { traceAwsClients } from '../observability/tracing.js';

/** An SQS event-source handler with its cached Nest application context. */
export interface LambdaSqsWorker {
  (event: SqsEvent, context: LambdaContext): Promise<SqsBatchResponse>;
  bootstrap(): Promise<void>;
}

/**
 * The worker of one queue: the consuming feature's module in a Nest
 * application context (no HTTP server), created once per container. Each record
 * goes through the same `@QueueHandler` class the one-process poller runs, via
 * the queue lib's processor: a poison or non-retryable message is copied to the
 * DLQ with its reason and acknowledged, a retryable failure is reported in
 * `batchItemFailures` so SQS redelivers only that record (the event source
 * mapping must enable `ReportBatchItemFailures`).
 */
export function createSqsWorker(queue: QueueName, feature: FeatureModule): LambdaSqsWorker {
  const name = `${queue}-worker`;
  consumerOf(queue); // a queue nobody consumes fails at import
  const boot = once(async () => {
    await prepareLambdaEnvironment();
    const app = await NestFactory.createApplicationContext(lambdaRootModule(feature), { bufferLogs: true, abortOnError: false });
    app.useLogger(app.get(RootLogger).nest);
    await app.init();
    if (!app.get(QueueHandlerRegistry, { strict: false }).has(queue)) {
      throw new Error(`The module given to the ${queue} worker has no @QueueHandler('${queue}') provider`);
    }
    traceAwsClients(lambdaTracer, app);
    return { processor: app.get(QueueProcessor, { strict: false }), idle: new IdleConnections(app, idleReconnectMs()) };
  });

  const worker = async (event: SqsEvent, context: LambdaContext): Promise<SqsBatchResponse> =>
    withInvocation(name, context, undefined, async () => {
      const { processor, idle } = await boot();
      const started = performance.now();
      await idle.beforeInvocation();
      try {
        const response = await processSqsEvent(processor, queue, event);
        lambdaMetrics.addMetric('MessagesReceived', MetricUnit.Count, event.Records.length);
        lambdaMetrics.addMetric('MessagesRetried', MetricUnit.Count, response.batchItemFailures.length);
        return response;
      } finally {
        lambdaMetrics.addMetric('BatchLatency', MetricUnit.Milliseconds, performance.now() - started);
        idle.afterInvocation();
      }
    });

  return Object.assign(worker, { bootstrap: async () => void (await boot()) });
}
