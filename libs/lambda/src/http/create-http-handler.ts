import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { configure as serverlessExpress } from '@codegenie/serverless-express';
import { createHttpApp } from '@switchboard/platform';
import { IdleConnections } from '../bootstrap/idle-connections.js';
import { idleReconnectMs, prepareLambdaEnvironment } from '../bootstrap/lambda-environment.js';
import { type FeatureModule, lambdaRootModule, registryEntry } from '../bootstrap/lambda-root.module.js';
import { once } from '../bootstrap/once.js';
import type { ApiGatewayEvent, ApiGatewayResult, LambdaContext } from '../lambda-types.js';
import { withInvocation } from '../observability/invocation.js';
import { PowertoolsNestLogger } from '../observability/nest-logger.js';
import { lambdaLogger, lambdaMetrics, lambdaTracer } from '../observability/powertools.js';
import { traceAwsClients } from '../observability/tracing.js';
import { normaliseEvent, startupFailure } from './api-gateway.js';

/** An API Gateway handler with its cached Nest app. */
export interface LambdaHttpHandler {
  (event: ApiGatewayEvent, context: LambdaContext): Promise<ApiGatewayResult>;
  /** Creates the app now instead of at the first request (benchmarks, pre-warming). */
  bootstrap(): Promise<void>;
}

/**
 * The handler of one registry entry: its feature module on the shared
 * platform, on the Express adapter behind @codegenie/serverless-express. The
 * Nest app is created once per container, at the first invocation, and reused
 * by every later one. Accepts HTTP API (v2) and REST API (v1) events.
 */
export function createHttpHandler(entryName: string, feature: FeatureModule): LambdaHttpHandler {
  const entry = registryEntry(entryName);
  const boot = once(async () => {
    await prepareLambdaEnvironment();
    const app = await createHttpApp(lambdaRootModule(feature));
    app.useLogger(new PowertoolsNestLogger(lambdaLogger));
    await app.init();
    traceAwsClients(lambdaTracer, app);
    const proxy = serverlessExpress({ app: app.getHttpAdapter().getInstance(), logSettings: { level: 'error' } });
    return { proxy, idle: new IdleConnections(app, idleReconnectMs()) };
  });

  const handler = async (event: ApiGatewayEvent, context: LambdaContext): Promise<ApiGatewayResult> =>
    withInvocation(entry.name, context, event.requestContext?.requestId, async () => {
      let booted: Awaited<ReturnType<typeof boot>>;
      try {
        booted = await boot();
      } catch (err) {
        lambdaLogger.error(`${entry.name} could not start`, err as Error);
        return startupFailure(event);
      }
      const started = performance.now();
      await booted.idle.beforeInvocation();
      try {
        const result = (await booted.proxy(normaliseEvent(event), context as never)) as ApiGatewayResult;
        lambdaMetrics.addMetric('HttpRequests', MetricUnit.Count, 1);
        lambdaMetrics.addMetric('Http5xx', MetricUnit.Count, result.statusCode >= 500 ? 1 : 0);
        return result;
      } finally {
        lambdaMetrics.addMetric('HttpLatency', MetricUnit.Milliseconds, performance.now() - started);
        booted.idle.afterInvocation();
      }
    });

  return Object.assign(handler, { bootstrap: async () => void (await boot()) });
}
