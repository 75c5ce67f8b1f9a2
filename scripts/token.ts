/**
 * Prints an access token from the built-in dev issuer, for curl and scripts:
 *
 *   npm run -s token -- --tenant acme --role admin [--permissions a,b] [--sub …] [--ttl 1h] [--name …] [--email …]
 *
 * It signs with the same key the server keeps in DATA_DIR/dev-issuer, so a
 * server started with AUTH_ISSUER_URL unset (or set to its own /dev/ URL)
 * accepts the token. Never in production.
 */
import { appConfig, ConfigError } from '#switchboard/config';
// The auth lib's pieces are imported directly, not through #switchboard/auth:
// its index loads Nest, passport and TypeORM (~2 s), these load in milliseconds.
import { resolveAuthOptions } from '../libs/auth/src/auth-options.js';
import { authConfig } from '../libs/auth/src/auth.config.js';
import { assertDevIssuerAllowed, loadOrCreateDevKeys, mintDevToken } from '../libs/auth/src/dev-issuer/dev-keys.js';
import { ROLES, type Role } from '../libs/auth/src/roles.js';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

const USAGE =
  'usage: npm run -s token -- --tenant <id> [--role admin|supervisor|agent] [--permissions a,b] [--sub <sub>] [--ttl 1h] [--name <n>] [--email <e>]';

/** `3600`, `90s`, `30m`, `12h` or `7d` → seconds. */
export function parseTtl(value: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  if (!match) throw new Error(`--ttl ${value}: expected e.g. 3600, 90s, 30m, 1h or 7d`);
  const seconds = Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  if (seconds < 1 || seconds > 30 * 86_400) throw new Error('--ttl must be between 1 second and 30 days');
  return seconds;
}

async function main(argv: string[]): Promise<void> {
  if (process.env.NODE_ENV !== 'production' && process.env.NODE_ENV !== 'test' && existsSync('.env')) process.loadEnvFile('.env');
  const { values } = parseArgs({
    args: argv,
    options: {
      tenant: { type: 'string' },
      role: { type: 'string', default: 'agent' },
      permissions: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '1h' },
      name: { type: 'string' },
      email: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  if (!values.tenant) throw new Error(`--tenant is required\n${USAGE}`);
  if (!ROLES.includes(values.role as Role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);

  const app = appConfig();
  assertDevIssuerAllowed(app.nodeEnv);
  const options = resolveAuthOptions(authConfig(), app);
  if (!options.devIssuer) {
    throw new Error(`AUTH_ISSUER_URL is ${options.issuer}: the server trusts that issuer, not the dev issuer. Get a token from it, or unset AUTH_ISSUER_URL.`);
  }
  const keys = await loadOrCreateDevKeys(options.dataDir);
  const { accessToken } = await mintDevToken(keys, options, {
    tenant: values.tenant,
    role: values.role as Role,
    permissions: values.permissions
      ?.split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    sub: values.sub,
    name: values.name,
    email: values.email,
    ttlSeconds: parseTtl(values.ttl),
  });
  process.stdout.write(`${accessToken}\n`);
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : (err.message ?? String(err))}\n`);
  process.exit(1);
});
