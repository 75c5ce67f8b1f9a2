import { registerAs } from '@nestjs/config';
import type { z } from 'zod';
import { SETTINGS, type SettingKey, type SettingSpec } from './settings.js';

/** A setting that failed validation or is missing; start-up prints `message` alone. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

interface Field<S extends z.ZodType> {
  readonly key: SettingKey;
  readonly schema: S;
}

/** Binds a catalogue key to the schema that parses its string value. */
export function setting<S extends z.ZodType>(key: SettingKey, schema: S): Field<S> {
  return { key, schema };
}

type Shape = Record<string, Field<z.ZodType>>;
type Parsed<T extends Shape> = { readonly [K in keyof T]: z.output<T[K]['schema']> };

/** Settings that fell back to their embedded default, for the start-up summary. */
const defaultsInUse = new Map<SettingKey, string>();

/** `KEY=value` of every fallback used so far, and `KEY → embedded thing` lines. */
export function describeDefaultsInUse(): { fallbacks: string[]; embedded: string[] } {
  const fallbacks: string[] = [];
  const embedded: string[] = [];
  for (const [key, value] of defaultsInUse) {
    const spec: SettingSpec = SETTINGS[key];
    if (spec.embedded && value === '') embedded.push(`${key} unset → ${spec.embedded}`);
    else fallbacks.push(`${key}=${value}`);
  }
  return { fallbacks, embedded };
}

/** The process environment; the only place besides `deploy/bin` that reads it. */
export function env(): NodeJS.ProcessEnv {
  return process.env;
}

export function isProduction(): boolean {
  return env().NODE_ENV === 'production';
}

/**
 * Reads one setting under the profile rule: in production a missing setting is an
 * error (unless optional); elsewhere it falls back to its embedded default.
 * Returns `undefined` for an unset setting whose default is an embedded service.
 */
export function readSetting<S extends z.ZodType>(key: SettingKey, schema: S): z.output<S> {
  const spec: SettingSpec = SETTINGS[key];
  let raw = env()[key];
  if (raw === undefined || raw === '') {
    if (isProduction() && !spec.optional) {
      throw new ConfigError(`Missing setting ${key}: required when NODE_ENV=production (${spec.doc}).`);
    }
    raw = isProduction() ? undefined : spec.fallback;
    if (!isProduction() && (spec.fallback !== undefined || spec.embedded)) defaultsInUse.set(key, raw ?? '');
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problem = result.error.issues[0]?.message ?? 'an invalid value';
    throw new ConfigError(`Invalid setting ${key}=${JSON.stringify(raw ?? '')}: ${problem} (${spec.doc}).`);
  }
  return result.data;
}

/**
 * Declares a lib's config namespace. Validation runs when the namespace loads, so a
 * Lambda checks only the settings its modules use. Inject the result with
 * `@Inject(x.KEY) cfg: ConfigType<typeof x>`.
 */
export function defineConfig<T extends Shape>(namespace: string, shape: T) {
  return Object.assign(
    registerAs(namespace, (): Parsed<T> => resolveShape(shape)),
    { fields: shape },
  );
}

/** Parses a shape now, outside Nest (scripts, the CLI data source, deploy checks). */
export function resolveShape<T extends Shape>(shape: T): Parsed<T> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(shape)) out[name] = readSetting(field.key, field.schema);
  return out as Parsed<T>;
}
