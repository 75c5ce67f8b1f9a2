import { AgentsModule } from '#switchboard/agents';
import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { createHmac, createPublicKey, createSign, type JsonWebKey, KeyObject } from 'node:crypto';
import { startTestIssuer, type TestIssuer } from '../../support/auth.js';
import { startFeatureApp, type TestApp } from '../../support/test-app.js';

const b64 = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

describe('token verification (real JWKS over HTTP, tokens signed here)', () => {
  let issuer: TestIssuer;
  let t: TestApp;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    t = await startFeatureApp([AgentsModule], { env: issuer.env });
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  /** Claims of a valid token for tenant acme; each attack changes one thing. */
  const claims = (overrides: JWTPayload = {}): JWTPayload => ({
    iss: issuer.issuer,
    aud: issuer.audience,
    sub: 'auth0|attacker-target',
    org_id: 'acme',
    permissions: ['agents:read'],
    iat: now(),
    exp: now() + 600,
    ...overrides,
  });

  const me = (authorization?: string) => fetch(`${t.url}/v1/me`, { headers: authorization === undefined ? {} : { authorization } });
  const bearer = (token: string) => me(`Bearer ${token}`);

  async function expect401(res: Response, code?: string) {
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as { code: string };
    expect(body).toMatchObject({ status: 401, title: 'Unauthorized' });
    if (code) expect(body.code).toBe(code);
  }

  it("accepts a valid token and answers with the caller's agent", async () => {
    const res = await bearer(await issuer.sign(claims()));
    expect(res.status).toBe(200);
    await expect(res.json()).resolves.toMatchObject({ sub: 'auth0|attacker-target', role: 'agent', state: 'available' });
  });

  it('tolerates clock skew up to AUTH_CLOCK_SKEW_SECONDS on exp and nbf', async () => {
    expect((await bearer(await issuer.sign(claims({ exp: now() - 10 })))).status).toBe(200);
    expect((await bearer(await issuer.sign(claims({ nbf: now() + 10 })))).status).toBe(200);
  });

  it('401 without a token, with another scheme, or with an empty bearer', async () => {
    await expect401(await me(), 'AUTH.MISSING_TOKEN');
    await expect401(await me(`Basic ${b64('a:b')}`));
    await expect401(await me('Bearer '));
  });

  it('401 for an expired token', async () => {
    await expect401(await bearer(await issuer.sign(claims({ iat: now() - 3600, exp: now() - 60 }))), 'AUTH.TOKEN_EXPIRED');
  });

  it('401 for a token not valid yet (nbf in the future beyond the skew)', async () => {
    await expect401(await bearer(await issuer.sign(claims({ nbf: now() + 120 }))), 'AUTH.TOKEN_NOT_YET_VALID');
  });

  it('401 for a token without exp', async () => {
    const { exp: _exp, ...rest } = claims();
    await expect401(await bearer(await issuer.sign(rest)));
  });

  it('401 for a wrong issuer, including the issuer without its trailing slash', async () => {
    await expect401(await bearer(await issuer.sign(claims({ iss: 'https://evil.example.com/' }))));
    await expect401(await bearer(await issuer.sign(claims({ iss: issuer.issuer.slice(0, -1) }))));
  });

  it('401 for a wrong audience', async () => {
    await expect401(await bearer(await issuer.sign(claims({ aud: 'another-api' }))));
  });

  it('401 for alg none (unsigned)', async () => {
    await expect401(await bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`));
    await expect401(await bearer(`${b64({ alg: 'none', typ: 'JWT', kid: issuer.kid })}.${b64(claims())}.`));
  });

  it("401 for HS256 signed with the issuer's public key as the HMAC secret", async () => {
    const publicPem = createPublicKey({ key: issuer.publicJwk as JsonWebKey, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: issuer.kid })}.${b64(claims())}`;
    const signature = createHmac('sha256', publicPem).update(input).digest('base64url');
    await expect401(await bearer(`${input}.${signature}`));
  });

  it('401 for another RSA algorithm (RS512) even with the right key', async () => {
    const input = `${b64({ alg: 'RS512', typ: 'JWT', kid: issuer.kid })}.${b64(claims())}`;
    const signature = createSign('RSA-SHA512').update(input).sign(KeyObject.from(issuer.privateKey)).toString('base64url');
    await expect401(await bearer(`${input}.${signature}`));
  });

  it('401 for an unknown kid', async () => {
    await expect401(await bearer(await issuer.sign(claims(), { kid: 'not-a-published-kid' })));
  });

  it('401 for a token signed by a foreign key under the right kid', async () => {
    const foreign = await generateKeyPair('RS256');
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid: issuer.kid }).sign(foreign.privateKey);
    await expect401(await bearer(token));
  });

  it('401 for a tampered payload (tenant switched, signature kept)', async () => {
    const [header, , signature] = (await issuer.sign(claims())).split('.');
    await expect401(await bearer(`${header}.${b64(claims({ org_id: 'globex', permissions: ['agents:write'] }))}.${signature}`));
  });

  it('401 for a stripped signature', async () => {
    const [header, payload] = (await issuer.sign(claims())).split('.');
    await expect401(await bearer(`${header}.${payload}.`));
    await expect401(await bearer(`${header}.${payload}`));
  });

  it('401 for a token without the tenant claim, or with an empty one', async () => {
    const { org_id: _tenant, ...rest } = claims();
    await expect401(await bearer(await issuer.sign(rest)), 'AUTH.NO_TENANT');
    await expect401(await bearer(await issuer.sign(claims({ org_id: '' }))), 'AUTH.NO_TENANT');
  });

  it('401 for a token without a subject', async () => {
    const { sub: _sub, ...rest } = claims();
    await expect401(await bearer(await issuer.sign(rest)));
  });

  it('401 for garbage', async () => {
    for (const garbage of ['garbage', 'a.b.c', `${b64('{not json')}.${b64('x')}.${b64('y')}`, '....', 'e30.e30.e30', 'x'.repeat(5000)]) {
      await expect401(await bearer(garbage));
    }
  });

  it('403 AUTH.MISSING_PERMISSION when a permission is missing; scope counts as permissions', async () => {
    const noPermission = await bearer(await issuer.sign(claims({ permissions: [] })));
    expect(noPermission.status).toBe(200); // /v1/me needs only a valid token
    const list = (token: string) => fetch(`${t.url}/v1/agents`, { headers: { authorization: `Bearer ${token}` } });
    const forbidden = await list(await issuer.token({ tenant: 'acme', role: 'agent' }));
    expect(forbidden.status).toBe(403);
    await expect(forbidden.json()).resolves.toMatchObject({ status: 403, code: 'AUTH.MISSING_PERMISSION' });
    expect((await list(await issuer.sign(claims({ permissions: [], scope: 'openid agents:read' })))).status).toBe(200);
  });
});

describe('two apps in one process', () => {
  it('each trusts only its own issuer', async () => {
    const [one, two] = [await startTestIssuer(), await startTestIssuer()];
    const a = await startFeatureApp([AgentsModule], { env: one.env });
    const b = await startFeatureApp([AgentsModule], { env: two.env });
    try {
      const status = async (app: TestApp, issuer: TestIssuer) =>
        (await fetch(`${app.url}/v1/me`, { headers: { authorization: `Bearer ${await issuer.token({ tenant: 'acme' })}` } })).status;
      expect([await status(a, one), await status(a, two), await status(b, two), await status(b, one)]).toEqual([200, 401, 200, 401]);
    } finally {
      await b.close();
      await a.close();
      await one.close();
      await two.close();
    }
  });

  it("apps of one issuer keep their own settings (passport's registry is per process), also after one of them closes", async () => {
    const issuer = await startTestIssuer();
    const a = await startFeatureApp([AgentsModule], { env: issuer.env });
    const b = await startFeatureApp([AgentsModule], { env: { ...issuer.env, AUTH_AUDIENCE: 'another-api' } });
    let bOpen = true;
    try {
      const token = (aud: string) => issuer.sign({ iss: issuer.issuer, aud, sub: 'auth0|isolated', org_id: 'acme', iat: now(), exp: now() + 600 });
      const status = async (app: TestApp, aud: string) =>
        (await fetch(`${app.url}/v1/me`, { headers: { authorization: `Bearer ${await token(aud)}` } })).status;
      expect([await status(a, issuer.audience), await status(a, 'another-api'), await status(b, 'another-api'), await status(b, issuer.audience)]).toEqual([
        200, 401, 200, 401,
      ]);
      await b.close();
      bOpen = false;
      expect([await status(a, issuer.audience), await status(a, 'another-api')]).toEqual([200, 401]);
    } finally {
      if (bOpen) await b.close();
      await a.close();
      await issuer.close();
    }
  });
});
