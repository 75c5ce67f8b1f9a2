import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenVerifier, Unauthenticated } from './jwt.js';

describe("the reference server's token verification", () => {
  let server: Server;
  let privateKey: CryptoKey;
  let issuer: string;
  let fetches = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' }] });
    server = createServer((_req, res) => {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sign = (claims: Record<string, unknown> = {}, opts: { aud?: string; exp?: string | number; kid?: string } = {}) =>
    new SignJWT({ org_id: 'tenant-01', permissions: ['contacts:read'], roles: ['agent'], ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? 'k1' })
      .setIssuer(issuer)
      .setAudience(opts.aud ?? 'switchboard-api')
      .setSubject('load|tenant-01|agent-1')
      .setExpirationTime(opts.exp ?? '1h')
      .sign(privateKey);
  const verifier = () => new TokenVerifier(`${issuer}.well-known/jwks.json`, issuer, 'switchboard-api');

  it('accepts a valid token and reads tenant, subject, permissions and roles', async () => {
    const v = verifier();
    await v.refresh();
    await expect(v.verify(`Bearer ${await sign({ scope: 'reports:read' })}`)).resolves.toMatchObject({
      tenantId: 'tenant-01',
      sub: 'load|tenant-01|agent-1',
      permissions: ['contacts:read', 'reports:read'],
      roles: ['agent'],
    });
  });

  it('remembers a verified token, so reusing it needs no verification', async () => {
    const v = verifier();
    await v.refresh();
    const token = await sign();
    const first = await v.verify(`Bearer ${token}`);
    await expect(v.verify(`Bearer ${token}`)).resolves.toBe(first);
  });

  it.each([
    ['no token', async () => undefined],
    ['another audience', async () => `Bearer ${await sign({}, { aud: 'someone-else' })}`],
    ['an expired token', async () => `Bearer ${await sign({}, { exp: Math.floor(Date.now() / 1000) - 120 })}`],
    ['no tenant', async () => `Bearer ${await sign({ org_id: undefined })}`],
    [
      'a tampered payload',
      async () => {
        const [h, , s] = (await sign()).split('.');
        return `Bearer ${h}.${Buffer.from(JSON.stringify({ org_id: 'tenant-02', sub: 'x', aud: 'switchboard-api', iss: issuer, exp: 2e9 })).toString('base64url')}.${s}`;
      },
    ],
    ['HS256', async () => `Bearer ${await new SignJWT({ org_id: 't' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(32)))}`],
  ])('rejects %s', async (_, header) => {
    const v = verifier();
    await v.refresh();
    await expect(v.verify(await header())).rejects.toBeInstanceOf(Unauthenticated);
  });

  it('fetches the JWKS again for an unknown kid, at most every 6 s', async () => {
    const v = verifier();
    await v.refresh();
    const before = fetches;
    await expect(v.verify(`Bearer ${await sign({}, { kid: 'k2' })}`)).rejects.toBeInstanceOf(Unauthenticated);
    expect(fetches).toBe(before); // refreshed just now: no second fetch yet
  });
});
