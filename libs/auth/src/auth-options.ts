import type { ConfigType } from '@nestjs/config';
import { appConfig, ConfigError } from '#switchboard/config';
import type { authConfig } from './auth.config.js';

/** Verification settings after the profile rule and normalisation. */
export interface AuthOptions {
  /** Always ends with `/`, as Auth0 writes `iss`. */
  issuer: string;
  audience: string;
  /** Where verification keys come from; unset when the server is its own (dev) issuer. */
  jwksUrl?: string;
  /** The server is its own issuer: keys in DATA_DIR, JWKS and `POST /dev/token` served. */
  devIssuer: boolean;
  dataDir: string;
  tenantClaim: string;
  permissionsClaim: string;
  rolesClaim: string;
  clockSkewSeconds: number;
}

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

export function normaliseIssuer(issuer: string): string {
  return issuer.endsWith('/') ? issuer : `${issuer}/`;
}

/** `http://localhost:<PORT>/dev/`: the `iss` of the dev issuer. */
export function devIssuerUrl(port: number): string {
  return `http://localhost:${port}/dev/`;
}

function isOwnDevIssuer(issuer: string, port: number): boolean {
  const u = new URL(issuer);
  return ['localhost', '127.0.0.1'].includes(u.hostname) && Number(u.port || 80) === port && u.pathname === '/dev/';
}

/**
 * The dev issuer runs when AUTH_ISSUER_URL is unset (or names the server's own
 * `/dev/` URL, as `.env.example` does), and never with NODE_ENV=production.
 */
export function resolveAuthOptions(auth: ConfigType<typeof authConfig>, app: ConfigType<typeof appConfig>): AuthOptions {
  const issuer = auth.issuerUrl ? normaliseIssuer(auth.issuerUrl) : devIssuerUrl(app.port);
  const devIssuer = isOwnDevIssuer(issuer, app.port) && !auth.jwksUrl;
  if (devIssuer && app.nodeEnv === 'production') {
    throw new ConfigError('The dev issuer never runs with NODE_ENV=production: set AUTH_ISSUER_URL and AUTH_AUDIENCE to a real issuer (docs/auth0.md).');
  }
  return {
    issuer,
    audience: auth.audience,
    jwksUrl: devIssuer ? undefined : (auth.jwksUrl ?? `${issuer}.well-known/jwks.json`),
    devIssuer,
    dataDir: app.dataDir,
    tenantClaim: auth.tenantClaim,
    permissionsClaim: auth.permissionsClaim,
    rolesClaim: auth.rolesClaim,
    clockSkewSeconds: auth.clockSkewSeconds,
  };
}
