import { permissionsForRole, type Role } from '#switchboard/auth';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestTokenOptions {
  tenant: string;
  role?: Role;
  /** Replaces the role's default permission set. */
  permissions?: string[];
  /** Defaults to a stable subject per tenant and role (`test|<tenant>|<role>`). */
  sub?: string;
  name?: string;
  email?: string;
  /** Lifetime; default one hour. */
  ttlSeconds?: number;
}

export interface TestIssuer {
  /** AUTH_ISSUER_URL, AUTH_AUDIENCE and AUTH_JWKS_URL for `startFeatureApp(..., { env })`. */
  env: Record<string, string>;
  issuer: string;
  audience: string;
  kid: string;
  privateKey: CryptoKey;
  /** The public JWK served (handy for attacks that misuse the public key). */
  publicJwk: JWK;
  /** How many times the JWKS was fetched. */
  jwksHits(): number;
  /** A valid access token, shaped like Auth0's (tenant claim `org_id`, `permissions`, `roles`). */
  token(opts: TestTokenOptions): Promise<string>;
  /** Publishes a new key (the old one stays in the JWKS) and signs with it from now on. */
  rotateKey(): Promise<void>;
  /** Signs arbitrary claims with the issuer's key and kid (no defaults added). */
  sign(payload: JWTPayload, header?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export const TEST_AUDIENCE = 'switchboard-api';

/**
 * A real token issuer for tests: an RSA key, its JWKS served over HTTP on
 * 127.0.0.1, and tokens signed with it. Nothing is stubbed on the verifying side.
 */
export async function startTestIssuer(): Promise<TestIssuer> {
  const newKey = async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    const kid = `test-${Math.random().toString(36).slice(2, 10)}`;
    return { kid, privateKey: pair.privateKey, publicJwk: { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' } };
  };
  let current = await newKey();
  const published: JWK[] = [current.publicJwk];
  let hits = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      hits += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: published }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}/`;

  const sign = (payload: JWTPayload, header: Record<string, unknown> = {}) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: current.kid, typ: 'JWT', ...header }).sign(current.privateKey);

  return {
    env: { AUTH_ISSUER_URL: issuer, AUTH_AUDIENCE: TEST_AUDIENCE, AUTH_JWKS_URL: `${issuer}.well-known/jwks.json` },
    issuer,
    audience: TEST_AUDIENCE,
    get kid() {
      return current.kid;
    },
    get privateKey() {
      return current.privateKey;
    },
    get publicJwk() {
      return current.publicJwk;
    },
    jwksHits: () => hits,
    rotateKey: async () => {
      current = await newKey();
      published.push(current.publicJwk);
    },
    sign,
    token: async (opts) => {
      const role = opts.role ?? 'agent';
      const now = Math.floor(Date.now() / 1000);
      const claims: JWTPayload = {
        iss: issuer,
        aud: TEST_AUDIENCE,
        sub: opts.sub ?? `test|${opts.tenant}|${role}`,
        iat: now,
        exp: now + (opts.ttlSeconds ?? 3600),
        org_id: opts.tenant,
        permissions: opts.permissions ?? permissionsForRole(role),
        roles: [role],
      };
      if (opts.name !== undefined) claims.name = opts.name;
      if (opts.email !== undefined) claims.email = opts.email;
      return sign(claims);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
