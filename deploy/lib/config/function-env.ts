import { bucketSettingKey } from '#switchboard/registry';
import { SETTING_KEYS, type SettingKey } from '../../../libs/config/src/settings.js';

/**
 * Environment names a function may carry that the config lib does not read: the
 * Node runtime and Powertools read them themselves. Everything else a function
 * gets must be a catalogue key (libs/config/src/settings.ts); a test checks it.
 */
export const RUNTIME_ENV_NAMES = ['NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE'] as const;
export type RuntimeEnvName = (typeof RUNTIME_ENV_NAMES)[number];

export type FunctionEnvKey = SettingKey | RuntimeEnvName;
export type FunctionEnvironment = Partial<Record<FunctionEnvKey, string>>;

const ALLOWED = new Set<string>([...SETTING_KEYS, ...RUNTIME_ENV_NAMES]);

/** Whether `key` may appear in a function's environment. */
export function isAllowedEnvKey(key: string): boolean {
  return ALLOWED.has(key);
}

/** `call-events` → `QUEUE_URL_CALL_EVENTS` (a catalogue key; checked at synth). */
export function queueUrlKey(queue: string): SettingKey {
  const key = `QUEUE_URL_${queue.replace(/-/g, '_').toUpperCase()}`;
  if (!(SETTING_KEYS as string[]).includes(key)) {
    throw new Error(`Queue ${queue} has no ${key} in libs/config/src/settings.ts: add it there`);
  }
  return key as SettingKey;
}

/** `exports` → `BUCKET_EXPORTS` (a catalogue key; checked at synth). */
export function bucketKey(bucket: string): SettingKey {
  const key = bucketSettingKey(bucket);
  if (!(SETTING_KEYS as string[]).includes(key)) {
    throw new Error(`Bucket ${bucket} has no ${key} in libs/config/src/settings.ts: add it there`);
  }
  return key as SettingKey;
}
