import type { INestApplication } from '@nestjs/common';
import { devIssuerIsOn } from '#switchboard/auth';
import { bool, ConfigError, env, isProduction, readSetting, SETTINGS, text } from '#switchboard/config';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { isIPv4 } from 'node:net';

/**
 * SIGTERM/SIGINT: stop accepting connections, let in-flight requests and
 * messages finish, close pools, then exit. If that takes longer than the grace
 * period the process exits anyway, so an orchestrator never has to SIGKILL.
 */
export function installGracefulShutdown(app: INestApplication, graceMs: number): void {
  let closing = false;
  const server = app.getHttpServer() as Server;
  // Once closing, every answer ends its connection: keep-alive clients that keep
  // sending would otherwise hold their connections open, and with them the
  // server's close, until the grace timer cuts everything off.
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (closing) res.setHeader('Connection', 'close');
  });
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    server.closeIdleConnections();
    process.stdout.write(`${signal} received: shutting down (grace ${graceMs} ms)\n`);
    setTimeout(() => {
      process.stderr.write('Shutdown grace period over: exiting with work still open\n');
      process.exit(1);
    }, graceMs).unref();
    app
      .close()
      .then(() => process.exit(0))
      .catch((err) => {
        process.stderr.write(`Shutdown failed: ${String(err)}\n`);
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

/** A bad setting ends start-up with its one-line message; anything else with its stack. */
export function exitOnConfigError(err: unknown): never {
  const configError = findConfigError(err);
  if (configError) process.stderr.write(`${configError.message}\n`);
  else process.stderr.write(`Start-up failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
}

function findConfigError(err: unknown): Error | undefined {
  for (let e = err as Error | undefined; e; e = (e as { cause?: Error }).cause) {
    if (e.name === 'ConfigError') return e;
  }
  return undefined;
}

/** The development defaults that must not serve a network by accident, each with the setting that replaces it. */
function devDefaultsInUse(): string[] {
  const inUse: string[] = [];
  if (devIssuerIsOn()) inUse.push('the dev issuer, which mints admin tokens for any tenant (set AUTH_ISSUER_URL to a real issuer)');
  const publicSecret = SETTINGS.TELEPHONY_WEBHOOK_SECRET.fallback;
  const secrets = env().TELEPHONY_WEBHOOK_SECRET || (isProduction() ? '' : publicSecret);
  if (secrets.split(',').some((secret) => secret.trim() === publicSecret)) {
    inUse.push('the public default webhook secret (set TELEPHONY_WEBHOOK_SECRET)');
  }
  const publicKeys = SETTINGS.SECRETS_ENCRYPTION_KEYS.fallback;
  if ((env().SECRETS_ENCRYPTION_KEYS || (isProduction() ? '' : publicKeys)).includes(publicKeys.split(':')[1]!)) {
    inUse.push('the public default key that encrypts stored secrets (set SECRETS_ENCRYPTION_KEYS)');
  }
  if (!env().SQS_ENDPOINT && !isProduction()) inUse.push('the in-process SQS emulator, lost with the process (set SQS_ENDPOINT)');
  return inUse;
}

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine reaches. */
function isLoopback(host: string): boolean {
  const address = host.replace(/^\[|\]$/g, '').replace(/^::ffff:/i, '');
  if (address === 'localhost' || address === '::1') return true;
  return isIPv4(address) && address.startsWith('127.');
}

/**
 * Refuses (with one line naming what to set) to serve development defaults on
 * a non-loopback HOST: with NODE_ENV unset any container or VM would otherwise
 * hand out admin tokens and accept webhooks signed with a published secret.
 * ALLOW_DEV_DEFAULTS_ON_NETWORK=true (docker-compose's laptop stack) lets it
 * start, with a warning. Runs before the app is built, so nothing has started.
 */
export function assertDevDefaultsStayLocal(): void {
  const host = readSetting('HOST', text());
  if (isLoopback(host)) return;
  const inUse = devDefaultsInUse();
  if (!inUse.length) return;
  if (readSetting('ALLOW_DEV_DEFAULTS_ON_NETWORK', bool().optional())) {
    process.stderr.write(`Warning: development defaults on HOST=${host} (ALLOW_DEV_DEFAULTS_ON_NETWORK=true): ${inUse.join('; ')}.\n`);
    return;
  }
  throw new ConfigError(
    `Refusing to serve development defaults on HOST=${host}: ${inUse.join('; ')}. Set those, or listen on loopback (HOST=127.0.0.1), or on a trusted network set ALLOW_DEV_DEFAULTS_ON_NETWORK=true.`,
  );
}
