import { registerAs } from '@nestjs/config';
import { InvalidValue, type ParsedValue, type Parser } from './schemas.js';
import { SETTINGS, type SettingKey, type SettingSpec } from './settings.js';

/** A setting that failed validation or is missing; start-up prints `message` alone. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

interface Field<P extends Parser<unknown>> {
  readonly key: SettingKey;
  readonly parser: P;
}

/** Binds a catalogue key to the parser of its string value. */
export function setting<P extends Parser<unknown>>(key: SettingKey, parser: P): Field<P> {
  return { key, parser };
}

type Shape = Record<string, Field<Parser<unknown>>>;
type Parsed<T extends Shape> = { readonly [K in keyof T]: ParsedValue<T[K]['parser']> };

/** Settings that fell back to their embedded default, for the start-up summary. */
const defaultsInUse = new Map<SettingKey, string>();

/** `KEY=value` of every fallback used so far, and `KEY → embedded thing` lines. */
export function describeDefaultsInUse(): { fallbacks: string[]; embedded: string[] } {
  const fallbacks: string[] = [];
  const embedded: string[] = [];
  for (const [key, value] of defaultsInUse) {
    const spec: SettingSpec = SETTINGS[key];
    if (spec.embedded && value === '') embedded.push(`${key} unset → ${spec.embedded}`);
    else fallbacks.push(spec.secret ? `${key} (its development default)` : `${key}=${value}`);
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
export function readSetting<T>(key: SettingKey, parser: Parser<T>): T {
  const spec: SettingSpec = SETTINGS[key];
  let raw = env()[key];
  if (raw === undefined || raw === '') {
    if (isProduction() && !spec.optional) {
      throw new ConfigError(`Missing setting ${key}: required when NODE_ENV=production (${spec.doc}).`);
    }
    raw = isProduction() ? undefined : spec.fallback;
    if (!isProduction() && (spec.fallback !== undefined || spec.embedded)) defaultsInUse.set(key, raw ?? '');
  }
  try {
    return parser.parse(raw);
  } catch (err) {
    if (!(err instanceof InvalidValue)) throw err;
    throw new ConfigError(`Invalid setting ${key}${shownValue(spec, raw)}: ${err.message} (${spec.doc}).`);
  }
}

/** `user:password@` in a URL, even one too broken to parse (the password may hold `@` or `/`). */
const URL_CREDENTIALS = /^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:).*@/i;

/**
 * How a rejected value appears in a configuration error, which start-up
 * prints: never a secret's value (only that it was rejected), and other values
 * with a URL's password masked (DATABASE_URL and REDIS_URL may carry one).
 */
function shownValue(spec: SettingSpec, raw: string | undefined): string {
  if (spec.secret) return ' (its value is secret, not shown)';
  return `=${JSON.stringify((raw ?? '').replace(URL_CREDENTIALS, '$1***@'))}`;
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
  for (const [name, field] of Object.entries(shape)) out[name] = readSetting(field.key, field.parser);
  return out as Parsed<T>;
}
