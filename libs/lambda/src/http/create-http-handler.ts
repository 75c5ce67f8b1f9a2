import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { configure as serverlessExpress } from '@codegenie/serverless-express';
import { createHttpApp } from '#switchboard/platform';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { IdleConnections } from '../bootstrap/idle-connections.js';
import { idleReconnectMs, prepareLambdaEnvironment } from '../bootstrap/lambda-environment.js';
import { type FeatureModule, lambdaRootModule, registryEntry } from '../bootstrap/lambda-root.module.js';
import { once } from '../bootstrap/once.js';
import type { ApiGatewayEvent, ApiGatewayResult, LambdaContext } from '../lambda-types.js';
import { withInvocation } from '../observability/invocation.js';
import { lambdaLogger, lambdaMetrics, lambdaTracer } from '../observability/powertools.js';
import { traceAwsClients } from '../observability/tracing.js';
import { normaliseEvent, startupFailure } from './api-gateway.js';
import { EdgeOriginSecret, fromEdge, notThroughEdge, ORIGIN_VERIFY_HEADER } from './edge-origin.js';

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
  // Settings and the origin secret first: a request that did not come through
  // CloudFront is refused before the feature module is even created.
  const edge = once(async () => {
    await prepareLambdaEnvironment();
    const arn = process.env.EDGE_ORIGIN_SECRET_ARN;
    if (!arn) throw new Error('EDGE_ORIGIN_SECRET_ARN is required in a function: only requests through the CloudFront distribution are served');
    const secret = new EdgeOriginSecret(arn);
    await secret.read();
    return secret;
  });
  const boot = once(async () => {
    await edge();
    const app = await createHttpApp(lambdaRootModule(feature));
    // The client is the address CloudFront saw (CloudFront-Viewer-Address, taken
    // only from a request that carried the origin secret: fromEdge), else the one
    // API Gateway saw (requestContext.http.sourceIp,
    // or requestContext.identity.sourceIp for REST events): serverless-express
    // puts it on each request's socket, and with no proxy trusted Express's
    // `req.ip` is that socket address whatever X-Forwarded-For (written by the
    // client, then appended to by CloudFront and API Gateway) says. TRUST_PROXY
    // describes the one-process server's network and does not apply here.
    app.set('trust proxy', false);
    await app.init();
    traceAwsClients(lambdaTracer, app);
    // An Express app is itself a (req, res) handler.
    const express = app.getHttpAdapter().getInstance();
    const timing = { appMs: 0 };
    // Time inside Express and Nest, so the HttpOverhead metric shows what the Lambda layer adds.
    const timed = {
      handle: (req: IncomingMessage, res: ServerResponse) => {
        const start = performance.now();
        res.once('finish', () => (timing.appMs = performance.now() - start));
        express(req, res);
      },
    };
    const proxy = serverlessExpress({ app: timed as never, logSettings: { level: 'error' } });
    return { proxy, timing, idle: new IdleConnections(app, idleReconnectMs()) };
  });

  const handler = async (event: ApiGatewayEvent, context: LambdaContext): Promise<ApiGatewayResult> => {
    const invoked = performance.now();
    return withInvocation(entry.name, context, event.requestContext?.requestId, async () => {
      let booted: Awaited<ReturnType<typeof boot>>;
      const booting = performance.now();
      const normalised = normaliseEvent(event);
      try {
        if (!(await (await edge()).accepts(normalised.headers?.[ORIGIN_VERIFY_HEADER]))) {
          lambdaMetrics.addMetric('HttpNotThroughEdge', MetricUnit.Count, 1);
          return notThroughEdge(event);
        }
        booted = await boot();
      } catch (err) {
        lambdaLogger.error(`${entry.name} could not start`, err as Error);
        return startupFailure(event);
      }
      const started = performance.now();
      booted.timing.appMs = 0;
      await booted.idle.beforeInvocation();
      try {
        const result = (await booted.proxy(fromEdge(normalised), context as never)) as ApiGatewayResult;
        lambdaMetrics.addMetric('HttpRequests', MetricUnit.Count, 1);
        lambdaMetrics.addMetric('Http5xx', MetricUnit.Count, result.statusCode >= 500 ? 1 : 0);
        return result;
      } finally {
        const now = performance.now();
        lambdaMetrics.addMetric('HttpLatency', MetricUnit.Milliseconds, now - started);
        lambdaMetrics.addMetric('HttpAppTime', MetricUnit.Milliseconds, booted.timing.appMs);
        // Everything but the app's own work, from the handler's entry (a cold start's bootstrap excluded).
        lambdaMetrics.addMetric('HttpOverhead', MetricUnit.Milliseconds, now - invoked - (started - booting) - booted.timing.appMs);
        booted.idle.afterInvocation();
      }
    });
  };

  return Object.assign(handler, { bootstrap: async () => void (await boot()) });
}
