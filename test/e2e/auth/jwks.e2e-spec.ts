import { AgentsModule } from '#switchboard/agents';
import { RemoteSigningKeys } from '#switchboard/auth';
import { startTestIssuer, type TestIssuer } from '../../support/auth.js';
import { startFeatureApp, type TestApp } from '../../support/test-app.js';

describe('JWKS cache and refresh', () => {
  let issuer: TestIssuer;
  beforeEach(async () => {
    issuer = await startTestIssuer();
  });
  afterEach(() => issuer.close());

  it('fetches once for many concurrent tokens with unknown kids, then rate limits refreshes', async () => {
    let clock = 1_000_000;
    const keys = new RemoteSigningKeys({ jwksUrl: issuer.env.AUTH_JWKS_URL!, now: () => clock, minRefreshIntervalMs: 6000 });
    await expect(keys.keyFor({ alg: 'RS256', kid: issuer.kid })).resolves.toBeDefined();
    expect(issuer.jwksHits()).toBe(1);

    // Known kid: served from the cache.
    await Promise.all(Array.from({ length: 20 }, () => keys.keyFor({ alg: 'RS256', kid: issuer.kid })));
    expect(issuer.jwksHits()).toBe(1);

    // Twenty unknown kids at once: one shared refresh.
    const unknown = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => keys.keyFor({ alg: 'RS256', kid: `forged-${i}` })));
    expect(unknown.every((r) => r.status === 'rejected')).toBe(true);
    expect(issuer.jwksHits()).toBe(2);

    // Within the refresh interval more unknown kids cost no fetch at all.
    await expect(keys.keyFor({ alg: 'RS256', kid: 'forged-again' })).rejects.toMatchObject({ kind: 'unauthenticated' });
    expect(issuer.jwksHits()).toBe(2);

    // After it, a rotated key is found by one refresh.
    await issuer.rotateKey();
    clock += 6000;
    await expect(Promise.all(Array.from({ length: 5 }, () => keys.keyFor({ alg: 'RS256', kid: issuer.kid })))).resolves.toHaveLength(5);
    expect(issuer.jwksHits()).toBe(3);
  });

  it('keeps serving known keys when the issuer is down, and refreshes in the background when the cache ages', async () => {
    let clock = 0;
    const keys = new RemoteSigningKeys({ jwksUrl: issuer.env.AUTH_JWKS_URL!, now: () => clock, maxAgeMs: 60_000 });
    const kid = issuer.kid;
    await keys.keyFor({ alg: 'RS256', kid });
    await issuer.close();
    clock += 120_000; // aged: a background refresh is attempted and fails
    await expect(keys.keyFor({ alg: 'RS256', kid })).resolves.toBeDefined();
    await expect(keys.keyFor({ alg: 'RS256', kid })).resolves.toBeDefined();
    issuer = await startTestIssuer(); // for afterEach
  });

  it("503 (not 401) while the issuer's keys were never reachable", async () => {
    const keys = new RemoteSigningKeys({ jwksUrl: 'http://127.0.0.1:9/.well-known/jwks.json', timeoutMs: 500 });
    await expect(keys.keyFor({ alg: 'RS256', kid: 'any' })).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it("503 with Retry-After through the app (passport's key provider) while the issuer's keys were never reachable", async () => {
    const t: TestApp = await startFeatureApp([AgentsModule], { env: { ...issuer.env, AUTH_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json' } });
    try {
      const res = await fetch(`${t.url}/v1/me`, { headers: { authorization: `Bearer ${await issuer.token({ tenant: 'acme' })}` } });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      await expect(res.json()).resolves.toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    } finally {
      await t.close();
    }
  });

  it('accepts tokens of a rotated key through the app', async () => {
    const t: TestApp = await startFeatureApp([AgentsModule], { env: issuer.env });
    try {
      const me = async (token: string) => (await fetch(`${t.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status;
      expect(await me(await issuer.token({ tenant: 'acme' }))).toBe(200);
      const before = await issuer.token({ tenant: 'acme' });
      await issuer.rotateKey();
      expect(await me(await issuer.token({ tenant: 'acme' }))).toBe(200);
      expect(await me(before)).toBe(200); // the old key is still published
      expect(issuer.jwksHits()).toBe(2);
    } finally {
      await t.close();
    }
  });
});
