import type { Principal } from '../principal.js';
import { UnauthenticatedError } from '../auth.errors.js';
import type { AuthOptions } from '../auth-options.js';

type Claims = Record<string, unknown>;

const MAX_ID_LENGTH = 255;

function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.length > 0);
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  return [];
}

function roles(value: unknown): string[] {
  return typeof value === 'string' ? [value] : strings(value);
}

function identifier(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH ? value : undefined;
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, 200) : undefined;
}

/**
 * The principal a verified token describes. Signature, `iss`, `aud`, `exp` and
 * `nbf` are checked before this; here the claims Switchboard itself needs:
 * an `exp` (jsonwebtoken accepts tokens without one), a subject and a tenant.
 */
export function principalFromClaims(claims: Claims, options: Pick<AuthOptions, 'tenantClaim' | 'permissionsClaim' | 'rolesClaim'>): Omit<Principal, 'agentId'> {
  if (typeof claims.exp !== 'number') throw new UnauthenticatedError('The token has no expiry (exp).');
  const sub = identifier(claims.sub);
  if (!sub) throw new UnauthenticatedError('The token has no subject (sub).');
  const tenantId = identifier(claims[options.tenantClaim]);
  if (!tenantId) throw new UnauthenticatedError(`The token has no tenant claim (${options.tenantClaim}).`, 'AUTH.NO_TENANT');
  const permissions = [...new Set([...strings(claims[options.permissionsClaim]), ...strings(claims.scope)])];
  const principal: Omit<Principal, 'agentId'> = { tenantId, sub, permissions, roles: roles(claims[options.rolesClaim]) };
  const name = optionalText(claims.name);
  const email = optionalText(claims.email);
  if (name) principal.name = name;
  if (email) principal.email = email;
  return principal;
}
