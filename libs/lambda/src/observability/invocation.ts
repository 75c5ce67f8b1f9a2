import type { Subsegment } from 'aws-xray-sdk-core';
import type { LambdaContext } from '../lambda-types.js';
import { lambdaLogger, lambdaMetrics, lambdaTracer } from './powertools.js';

/**
 * What the Powertools middlewares do around a handler, without middy: the
 * logger gets the Lambda context (request id, cold-start flag) and a
 * correlation id, a `## <name>` subsegment wraps the invocation with the
 * cold-start and service annotations, and the stored metrics (EMF) are flushed
 * at the end, the cold-start metric included on the first invocation.
 */
export async function withInvocation<T>(name: string, context: LambdaContext, correlationId: string | undefined, run: () => Promise<T>): Promise<T> {
  lambdaLogger.addContext(context as never);
  if (correlationId) lambdaLogger.setCorrelationId(correlationId);
  lambdaMetrics.captureColdStartMetric(context.functionName);

  const parent = lambdaTracer.isTracingEnabled() ? lambdaTracer.getSegment() : undefined;
  let sub: Subsegment | undefined;
  if (parent) {
    sub = parent.addNewSubsegment(`## ${name}`);
    lambdaTracer.setSegment(sub);
    lambdaTracer.annotateColdStart();
    lambdaTracer.addServiceNameAnnotation();
  }
  try {
    return await run();
  } catch (err) {
    if (sub && err instanceof Error) lambdaTracer.addErrorAsMetadata(err);
    throw err;
  } finally {
    if (sub && parent) {
      sub.close();
      lambdaTracer.setSegment(parent);
    }
    if (lambdaMetrics.hasStoredMetrics()) lambdaMetrics.publishStoredMetrics();
  }
}
