import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { getParameters } from '@aws-lambda-powertools/parameters/ssm';
import { SETTINGS } from '#switchboard/config';

/**
 * Parameters and secrets are fetched once per container at cold start; the
 * Powertools cache keeps a second look-up within this window off the network
 * (several factories in one process, a retried bootstrap).
 */
const CACHE_SECONDS = 300;

/** Where each setting came from, for the one start-up log line. */
export interface LoadedSettings {
  fromSsm: string[];
  fromSecrets: string[];
  /** Parameters under the prefix that are not catalogue keys (typos, leftovers). */
  unknown: string[];
}

type Env = NodeJS.ProcessEnv;

/**
 * Fills the environment from SSM Parameter Store (`CONFIG_SSM_PREFIX`, e.g.
 * `/switchboard/production/`, one parameter per catalogue key) and Secrets
 * Manager (`*_SECRET_ARN`), before any Nest config namespace loads. The
 * function's own environment wins over SSM, so a deploy can pin a value; a
 * secret wins over both, because the environment only names it.
 */
export async function loadSettings(env: Env = process.env): Promise<LoadedSettings> {
  const [parameters, database, redisToken, webhookSecret, encryptionKeys] = await Promise.all([
    env.CONFIG_SSM_PREFIX ? readParameters(env.CONFIG_SSM_PREFIX) : Promise.resolve<Record<string, string>>({}),
    env.DATABASE_SECRET_ARN ? readSecret(env.DATABASE_SECRET_ARN) : Promise.resolve(undefined),
    env.REDIS_AUTH_SECRET_ARN ? readSecret(env.REDIS_AUTH_SECRET_ARN) : Promise.resolve(undefined),
    env.TELEPHONY_WEBHOOK_SECRET_ARN ? readSecret(env.TELEPHONY_WEBHOOK_SECRET_ARN) : Promise.resolve(undefined),
    env.ENCRYPTION_KEYS_SECRET_ARN ? readSecret(env.ENCRYPTION_KEYS_SECRET_ARN) : Promise.resolve(undefined),
  ]);

  const loaded: LoadedSettings = { fromSsm: [], fromSecrets: [], unknown: [] };
  for (const [name, value] of Object.entries(parameters)) {
    if (!Object.hasOwn(SETTINGS, name)) {
      loaded.unknown.push(name);
    } else if (env[name] === undefined || env[name] === '') {
      env[name] = value;
      loaded.fromSsm.push(name);
    }
  }
  if (database !== undefined) {
    env.DATABASE_URL = databaseUrl(env.DATABASE_URL, database);
    loaded.fromSecrets.push('DATABASE_URL');
  }
  if (redisToken !== undefined) {
    if (!env.REDIS_URL) throw new Error('REDIS_AUTH_SECRET_ARN is set but REDIS_URL is not: the secret holds only the token');
    env.REDIS_URL = withPassword(env.REDIS_URL, field(redisToken, ['token', 'password']));
    loaded.fromSecrets.push('REDIS_URL');
  }
  if (webhookSecret !== undefined) {
    env.TELEPHONY_WEBHOOK_SECRET = field(webhookSecret, ['secret', 'value']);
    loaded.fromSecrets.push('TELEPHONY_WEBHOOK_SECRET');
  }
  if (encryptionKeys !== undefined) {
    env.SECRETS_ENCRYPTION_KEYS = keyRing(encryptionKeys);
    loaded.fromSecrets.push('SECRETS_ENCRYPTION_KEYS');
  }
  return loaded;
}

async function readParameters(prefix: string): Promise<Record<string, string>> {
  const path = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  try {
    const values = await getParameters(path, { decrypt: true, maxAge: CACHE_SECONDS });
    return Object.fromEntries(Object.entries(values ?? {}).map(([name, value]) => [name, String(value)]));
  } catch (err) {
    throw new Error(`Could not read settings from SSM under ${prefix}: ${(err as Error).message}`, { cause: err });
  }
}

async function readSecret(arn: string): Promise<string> {
  try {
    const value = await getSecret(arn, { maxAge: CACHE_SECONDS });
    if (typeof value !== 'string') throw new Error('the secret has no SecretString');
    return value;
  } catch (err) {
    throw new Error(`Could not read secret ${arn}: ${(err as Error).message}`, { cause: err });
  }
}

/** A JSON secret's first present field, or the whole string when it is not a JSON object. */
/**
 * SECRETS_ENCRYPTION_KEYS from its secret: the ring itself (plain, or under `keys`/`value`),
 * or one generated key `{"id": "k1", "key": "<base64>"}` as the deployment creates it.
 */
function keyRing(secret: string): string {
  const parsed = parseObject(secret);
  if (parsed && typeof parsed.id === 'string' && typeof parsed.key === 'string' && parsed.keys === undefined) return `${parsed.id}:${parsed.key}`;
  return field(secret, ['keys', 'value']);
}

function field(secret: string, names: string[]): string {
  const parsed = parseObject(secret);
  if (!parsed) return secret;
  for (const name of names) if (typeof parsed[name] === 'string') return parsed[name];
  throw new Error(`The secret is a JSON object without any of: ${names.join(', ')}`);
}

export function parseObject(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An RDS-style secret (`username`, `password`, `host`, `port`, `dbname`) applied to
 * DATABASE_URL: the URL's host wins (it names RDS Proxy, while the secret names the
 * cluster), the credentials always come from the secret.
 */
function databaseUrl(base: string | undefined, secret: string): string {
  const s = parseObject(secret);
  if (!s || typeof s.username !== 'string' || typeof s.password !== 'string') {
    throw new Error('The database secret must be JSON with username and password');
  }
  let url: URL;
  if (base) {
    url = new URL(base);
  } else {
    if (typeof s.host !== 'string') throw new Error('DATABASE_URL is unset and the database secret has no host');
    url = new URL(`postgres://${s.host}:${Number(s.port ?? 5432)}/${typeof s.dbname === 'string' ? s.dbname : 'switchboard'}`);
  }
  url.username = encodeURIComponent(s.username);
  url.password = encodeURIComponent(s.password);
  return url.toString();
}

function withPassword(raw: string, password: string): string {
  const url = new URL(raw);
  url.password = encodeURIComponent(password);
  return url.toString();
}
