import { AgentsModule } from '#switchboard/agents';
import { permissionsForRole, resolveAuthOptions } from '#switchboard/auth';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { startTestIssuer, type TestIssuer } from '../../support/auth.js';
import { buildDist } from '../../support/server-process.js';
import { startFeatureApp, type TestApp } from '../../support/test-app.js';

const DEV_ISSUER = 'http://localhost:3000/dev/';
/** The dev issuer runs when no issuer is configured. */
const devEnv = (dataDir: string) => ({ AUTH_ISSUER_URL: undefined, AUTH_JWKS_URL: undefined, PORT: '3000', DATA_DIR: dataDir });

describe('dev issuer', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-dev-issuer-'));
  let t: TestApp;
  beforeAll(async () => {
    t = await startFeatureApp([AgentsModule], { env: devEnv(dataDir) });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const mint = (body: unknown) => fetch(`${t.url}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const call = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${t.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });

  it("serves its JWKS on the server's own port (public keys only) and keeps the key in DATA_DIR", async () => {
    const res = await fetch(`${t.url}/dev/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    const jwks = (await res.json()) as JSONWebKeySet;
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    expect(existsSync(join(dataDir, 'dev-issuer', 'signing-key.pem'))).toBe(true);
  });

  it("POST /dev/token mints an RS256 token with the role's default permissions that its JWKS verifies", async () => {
    const res = await mint({ tenant: 'acme', role: 'supervisor' });
    expect(res.status).toBe(200);
    const { accessToken, expiresIn } = (await res.json()) as { accessToken: string; expiresIn: number };
    expect(expiresIn).toBe(3600);
    const jwks = (await (await fetch(`${t.url}/dev/.well-known/jwks.json`)).json()) as JSONWebKeySet;
    const { payload, protectedHeader } = await jwtVerify(accessToken, createLocalJWKSet(jwks), { issuer: DEV_ISSUER, audience: 'switchboard-api' });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({ org_id: 'acme', sub: 'dev|acme|supervisor', roles: ['supervisor'] });
    expect(payload.permissions).toEqual(permissionsForRole('supervisor'));
    expect(payload.permissions).not.toContain('agents:write');

    expect((await call('/v1/agents', accessToken)).status).toBe(200);
    const me = await call('/v1/me', accessToken);
    await expect(me.json()).resolves.toMatchObject({ sub: 'dev|acme|supervisor', role: 'supervisor' });
  });

  it("each role expands to DESIGN.md's permission set; explicit permissions and sub replace the defaults", async () => {
    const admin = decodeJwt(((await (await mint({ tenant: 'acme', role: 'admin' })).json()) as { accessToken: string }).accessToken);
    expect(admin.permissions).toEqual(expect.arrayContaining(['agents:write', 'contacts:write', 'campaigns:write', 'reports:read']));
    const agent = decodeJwt(((await (await mint({ tenant: 'acme', role: 'agent' })).json()) as { accessToken: string }).accessToken);
    expect(agent.permissions).toEqual(['contacts:read', 'contacts:write', 'campaigns:read', 'calls:read', 'calls:write', 'reports:read', 'dnc:read']);
    const custom = await mint({ tenant: 'acme', role: 'agent', permissions: ['agents:read'], sub: 'auth0|custom' });
    const claims = decodeJwt(((await custom.json()) as { accessToken: string }).accessToken);
    expect(claims).toMatchObject({ sub: 'auth0|custom', permissions: ['agents:read'] });
  });

  it('400 for an unknown role, a missing tenant or an unknown field', async () => {
    expect((await mint({ tenant: 'acme', role: 'root' })).status).toBe(400);
    expect((await mint({ role: 'admin' })).status).toBe(400);
    expect((await mint({ tenant: 'acme', role: 'admin', admin: true })).status).toBe(400);
  });

  it('rejects tokens of any other issuer', async () => {
    const other: TestIssuer = await startTestIssuer();
    try {
      const res = await call('/v1/me', await other.token({ tenant: 'acme', role: 'admin' }));
      expect(res.status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('a restarted server (same DATA_DIR) accepts tokens minted before, also when AUTH_ISSUER_URL names its own /dev/ URL', async () => {
    const { accessToken } = (await (await mint({ tenant: 'acme', role: 'admin' })).json()) as { accessToken: string };
    const again = await startFeatureApp([AgentsModule], { env: { ...devEnv(dataDir), AUTH_ISSUER_URL: 'http://localhost:3000/dev' } });
    try {
      const res = await fetch(`${again.url}/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(res.status).toBe(200);
    } finally {
      await again.close();
    }
  });

  it('`npm run token` prints a token the server accepts (same key in DATA_DIR)', async () => {
    buildDist();
    const script = resolve(import.meta.dirname, '../../../dist/scripts/token.js');
    const run = (...args: string[]) =>
      execFileSync(process.execPath, [script, ...args], {
        env: { PATH: process.env.PATH, NODE_ENV: 'development', DATA_DIR: dataDir, PORT: '3000' },
        encoding: 'utf8',
      }).trim();
    const token = run('--tenant', 'acme', '--role', 'admin', '--sub', 'cli-user', '--ttl', '10m', '--permissions', 'agents:read,agents:write');
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: 'cli-user', org_id: 'acme', permissions: ['agents:read', 'agents:write'], roles: ['admin'] });
    expect(claims.exp! - claims.iat!).toBe(600);
    expect((await call('/v1/agents', token)).status).toBe(200);
    expect(() =>
      execFileSync(process.execPath, [script, '--tenant', 'acme'], {
        env: { PATH: process.env.PATH, NODE_ENV: 'production', DATA_DIR: dataDir },
        stdio: 'pipe',
      }),
    ).toThrow();
  }, 180_000); // builds dist first
});

describe('dev issuer with a real issuer configured', () => {
  it('answers 404 on /dev routes: the server trusts only the configured issuer', async () => {
    const issuer = await startTestIssuer();
    const t = await startFeatureApp([AgentsModule], { env: issuer.env });
    try {
      expect((await fetch(`${t.url}/dev/.well-known/jwks.json`)).status).toBe(404);
      const res = await fetch(`${t.url}/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'acme', role: 'admin' }),
      });
      expect(res.status).toBe(404);
    } finally {
      await t.close();
      await issuer.close();
    }
  });
});

describe('dev issuer in production', () => {
  const app = { nodeEnv: 'production', port: 3000, dataDir: '.data' } as Parameters<typeof resolveAuthOptions>[1];
  const auth = { audience: 'switchboard-api', tenantClaim: 'org_id', permissionsClaim: 'permissions', rolesClaim: 'roles', clockSkewSeconds: 30 } as Parameters<
    typeof resolveAuthOptions
  >[0];

  it('refuses to run with NODE_ENV=production', () => {
    expect(() => resolveAuthOptions({ ...auth, issuerUrl: undefined }, app)).toThrow(/dev issuer never runs with NODE_ENV=production/);
    expect(() => resolveAuthOptions({ ...auth, issuerUrl: DEV_ISSUER }, app)).toThrow(/dev issuer never runs with NODE_ENV=production/);
    expect(resolveAuthOptions({ ...auth, issuerUrl: 'https://acme.us.auth0.com' }, app)).toMatchObject({
      devIssuer: false,
      issuer: 'https://acme.us.auth0.com/',
      jwksUrl: 'https://acme.us.auth0.com/.well-known/jwks.json',
    });
  });
});
