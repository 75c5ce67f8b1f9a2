import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * One logger, tracer and metrics instance per container, shared by every
 * factory and injectable into Nest providers (LambdaObservabilityModule). Their
 * service name and namespace come from POWERTOOLS_SERVICE_NAME and
 * POWERTOOLS_METRICS_NAMESPACE, which the deploy sets per function.
 */
export const lambdaLogger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'switchboard' });

/** Active only inside Lambda (AWS_EXECUTION_ENV set) unless POWERTOOLS_TRACE_ENABLED=false. */
export const lambdaTracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'switchboard' });

export const lambdaMetrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Switchboard',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'switchboard',
});

const LEVELS: Record<string, string> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'CRITICAL', silent: 'SILENT' };

/** Applies LOG_LEVEL (a pino level, possibly loaded from SSM) to the Powertools logger. */
export function applyLogLevel(level: string | undefined): void {
  const mapped = level ? LEVELS[level.toLowerCase()] : undefined;
  if (mapped) lambdaLogger.setLogLevel(mapped as Parameters<Logger['setLogLevel']>[0]);
}
