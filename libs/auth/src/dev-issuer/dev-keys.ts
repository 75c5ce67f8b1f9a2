import { calculateJwkThumbprint, SignJWT, type JWK } from 'jose';
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { permissionsForRole, type Role } from '../roles.js';

/** The dev issuer's RSA key pair, kept in `<DATA_DIR>/dev-issuer` so tokens outlive restarts. */
export interface DevKeys {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The JWKS document served at `/dev/.well-known/jwks.json`. */
  jwks: { keys: JWK[] };
}

export interface DevTokenRequest {
  tenant: string;
  role: Role;
  /** Replaces the role's default permission set. */
  permissions?: string[];
  /** Default: a stable subject per tenant and role (`dev|<tenant>|<role>`). */
  sub?: string;
  name?: string;
  email?: string;
  /** Lifetime in seconds; default one hour. */
  ttlSeconds?: number;
}

export interface DevTokenClaims {
  issuer: string;
  audience: string;
  tenantClaim: string;
  permissionsClaim: string;
  rolesClaim: string;
}

export const DEV_TOKEN_DEFAULT_TTL_SECONDS = 3600;

/** Refuses to serve or mint dev tokens in production, whatever else is configured. */
export function assertDevIssuerAllowed(nodeEnv: string | undefined): void {
  if (nodeEnv === 'production') throw new Error('The dev issuer never runs with NODE_ENV=production.');
}

async function toDevKeys(privateKey: KeyObject): Promise<DevKeys> {
  const publicKey = createPublicKey(privateKey);
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateKey, publicKey, jwks: { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] } };
}

/**
 * Reads the key pair, creating it on first use. Creation is atomic (write a
 * temporary file, then hard-link it into place) so a server and `npm run token`
 * starting together agree on one key.
 */
export async function loadOrCreateDevKeys(dataDir: string): Promise<DevKeys> {
  const dir = join(dataDir, 'dev-issuer');
  const file = join(dir, 'signing-key.pem');
  try {
    return await toDevKeys(createPrivateKey(await readFile(file, 'utf8')));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  try {
    await link(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await unlink(temp);
  }
  return toDevKeys(createPrivateKey(await readFile(file, 'utf8')));
}

/** Signs an access token shaped like Auth0's (RBAC permissions, organisation claim). */
export async function mintDevToken(keys: DevKeys, claims: DevTokenClaims, req: DevTokenRequest): Promise<{ accessToken: string; expiresIn: number }> {
  const expiresIn = req.ttlSeconds ?? DEV_TOKEN_DEFAULT_TTL_SECONDS;
  const payload: Record<string, unknown> = {
    [claims.tenantClaim]: req.tenant,
    [claims.permissionsClaim]: req.permissions ?? permissionsForRole(req.role),
    [claims.rolesClaim]: [req.role],
  };
  if (req.name) payload.name = req.name;
  if (req.email) payload.email = req.email;
  const accessToken = await new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: keys.kid, typ: 'JWT' })
    .setIssuer(claims.issuer)
    .setAudience(claims.audience)
    .setSubject(req.sub ?? `dev|${req.tenant}|${req.role}`)
    .setIssuedAt()
    .setExpirationTime(`${expiresIn}s`)
    .sign(keys.privateKey);
  return { accessToken, expiresIn };
}
