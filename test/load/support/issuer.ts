/**
 * A token issuer for bench:max: an RSA key whose JWKS is served on 127.0.0.1,
 * so the product and the reference verify the same tokens against the same
 * JWKS (the product through its production path, AUTH_JWKS_URL).
 */
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { permissionsForRole } from '../../../libs/auth/src/roles.js';
import type { LoadUser } from './seed.js';

export interface BenchIssuer {
  env: Record<string, string>;
  token(user: LoadUser): Promise<string>;
  close(): Promise<void>;
}

export async function startIssuer(): Promise<BenchIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = 'bench-1';
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] });
  const server = createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const audience = 'switchboard-api';
  return {
    env: { AUTH_ISSUER_URL: issuer, AUTH_AUDIENCE: audience, AUTH_JWKS_URL: `${issuer}.well-known/jwks.json` },
    token: (user) =>
      new SignJWT({ org_id: user.tenant, permissions: permissionsForRole(user.role), roles: [user.role], name: user.name })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(user.sub)
        .setIssuedAt()
        .setExpirationTime('4h')
        .sign(privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
