import { int, readSetting } from '#switchboard/config';
import { loadSettings, type LoadedSettings } from '../settings/load-settings.js';
import { applyLogLevel, lambdaLogger, lambdaTracer } from '../observability/powertools.js';
import { traceDataClients } from '../observability/tracing.js';
import { once } from './once.js';

/**
 * Settings every function runs with unless the deploy or SSM says otherwise: a
 * container serves one invocation at a time, so two connections are plenty
 * (one spare for a transaction's side query), and the database is reached
 * through RDS Proxy.
 */
const LAMBDA_DEFAULTS = { DATABASE_POOL_SIZE: '2', DATABASE_PROXY: 'true' } as const;
const MAX_POOL_SIZE = 2;

/**
 * Once per container, before any Nest config namespace loads: settings from SSM
 * and Secrets Manager into the environment, the Lambda defaults, queue polling
 * off (SQS invokes the workers), and the tracing hooks.
 */
export const prepareLambdaEnvironment = once(async (): Promise<LoadedSettings> => {
  const env = process.env;
  const loaded = await loadSettings(env);
  for (const [key, value] of Object.entries(LAMBDA_DEFAULTS)) if (!env[key]) env[key] = value;
  env.QUEUE_CONSUMERS_ENABLED = 'false';
  if (Number(env.DATABASE_POOL_SIZE) > MAX_POOL_SIZE) {
    lambdaLogger.warn(
      `DATABASE_POOL_SIZE=${env.DATABASE_POOL_SIZE} in a Lambda: one invocation at a time needs at most ${MAX_POOL_SIZE}; using ${MAX_POOL_SIZE}`,
    );
    env.DATABASE_POOL_SIZE = String(MAX_POOL_SIZE);
  }
  applyLogLevel(env.LOG_LEVEL);
  traceDataClients(lambdaTracer);
  lambdaLogger.info('Settings loaded', { fromSsm: loaded.fromSsm.length, fromSecrets: loaded.fromSecrets, unknownParameters: loaded.unknown });
  return loaded;
});

/** How long a container may sit idle before it replaces its connections (LAMBDA_IDLE_RECONNECT_SECONDS). */
export function idleReconnectMs(): number {
  return (readSetting('LAMBDA_IDLE_RECONNECT_SECONDS', int(0, 3600).optional()) ?? 240) * 1000;
}
