import { Controller, Get, Module, Req } from '@nestjs/common';
import { AgentsModule } from '#switchboard/agents';
import { Public, SkipIpRateLimit } from '#switchboard/auth';
import type { Request } from 'express';
import { randomBytes } from 'node:crypto';
import { startTestIssuer, type TestIssuer } from '../../support/auth.js';
import { startFeatureApp, type TestApp } from '../../support/test-app.js';

@Public()
@Controller('v1/ping')
class PingController {
  @Get()
  ping() {
    return { pong: true };
  }

  @Get('unmetered')
  @SkipIpRateLimit()
  unmetered() {
    return { pong: true };
  }

  /** The client address the rate limit keys on (counted like any public request). */
  @Get('address')
  address(@Req() req: Request) {
    return { ip: req.ip };
  }
}

@Module({ controllers: [PingController] })
class PingModule {}

const LIMITS = { RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_IP_PER_MINUTE: '2' };

describe.each([
  ['in memory', () => ({})],
  ['in Redis', () => ({ REDIS_URL: 'redis://127.0.0.1:6379', CACHE_KEY_PREFIX: `test-rl-${randomBytes(4).toString('hex')}` })],
])('rate limits %s', (_, storageEnv) => {
  let issuer: TestIssuer;
  let t: TestApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    env = { ...issuer.env, ...LIMITS, ...storageEnv() };
    t = await startFeatureApp([AgentsModule, PingModule], { env });
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  const me = async (token: string) => fetch(`${t.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });

  async function expect429(res: Response) {
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    await expect(res.json()).resolves.toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  }

  it('429 with Retry-After once a tenant+subject passes RATE_LIMIT_PER_MINUTE, across routes', async () => {
    const token = await issuer.token({ tenant: 'acme', role: 'admin', sub: 'limited-user' });
    expect((await me(token)).status).toBe(200);
    expect((await me(token)).status).toBe(200);
    expect((await fetch(`${t.url}/v1/agents`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await expect429(await me(token));
    // Another subject of the same tenant, and the same subject in another tenant, have their own budgets.
    expect((await me(await issuer.token({ tenant: 'acme', sub: 'other-user' }))).status).toBe(200);
    expect((await me(await issuer.token({ tenant: 'globex', sub: 'limited-user' }))).status).toBe(200);
  });

  it('429 per IP on public routes past RATE_LIMIT_IP_PER_MINUTE', async () => {
    expect((await fetch(`${t.url}/v1/ping`)).status).toBe(200);
    expect((await fetch(`${t.url}/v1/ping`)).status).toBe(200);
    await expect429(await fetch(`${t.url}/v1/ping`));
  });

  it('does not count a public route marked @SkipIpRateLimit() per IP', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${t.url}/v1/ping`)).status);
    expect(statuses).toContain(429); // this IP's budget is spent
    for (let i = 0; i < 4; i++) expect((await fetch(`${t.url}/v1/ping/unmetered`)).status).toBe(200);
  });
});

describe('failed authentication', () => {
  it("counts against the IP's budget for unauthenticated requests, then answers 429", async () => {
    const issuer = await startTestIssuer();
    const t = await startFeatureApp([AgentsModule], { env: { ...issuer.env, ...LIMITS } });
    try {
      const forged = () => fetch(`${t.url}/v1/me`, { headers: { authorization: 'Bearer forged.token.here' } }).then((r) => r.status);
      expect([await forged(), await forged(), await forged()]).toEqual([401, 401, 429]);
      // A valid token is still served: its budget is its subject's, not the IP's.
      const ok = await fetch(`${t.url}/v1/me`, { headers: { authorization: `Bearer ${await issuer.token({ tenant: 'acme' })}` } });
      expect(ok.status).toBe(200);
    } finally {
      await t.close();
      await issuer.close();
    }
  });
});

describe('rate limits in Redis are shared by every process', () => {
  it("counts one subject's requests across two app instances", async () => {
    const issuer = await startTestIssuer();
    const env = { ...issuer.env, ...LIMITS, REDIS_URL: 'redis://127.0.0.1:6379', CACHE_KEY_PREFIX: `test-rl-${randomBytes(4).toString('hex')}` };
    const a = await startFeatureApp([AgentsModule], { env });
    const b = await startFeatureApp([AgentsModule], { env, db: a.db });
    try {
      const token = await issuer.token({ tenant: 'acme', sub: 'shared-user' });
      const get = (app: TestApp) => fetch(`${app.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
      expect([await get(a), await get(b), await get(a)]).toEqual([200, 200, 200]);
      expect(await get(b)).toBe(429);
    } finally {
      await b.close();
      await a.close();
      await issuer.close();
    }
  });
});

describe('the client address of the per-IP window', () => {
  const spoofed = (i: number) => `198.51.100.${i % 250}, 192.0.2.${(i * 7) % 250}`;
  const ping = (t: TestApp, forwardedFor: string) => fetch(`${t.url}/v1/ping`, { headers: { 'x-forwarded-for': forwardedFor } }).then((r) => r.status);
  const address = async (t: TestApp, forwardedFor?: string) => {
    const res = await fetch(`${t.url}/v1/ping/address`, { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });
    return { status: res.status, ip: ((await res.json()) as { ip?: string }).ip };
  };

  it("is the connection's peer when TRUST_PROXY is unset: rotating X-Forwarded-For never escapes the window", async () => {
    const t = await startFeatureApp([PingModule], { env: LIMITS });
    try {
      const seen = await address(t, '203.0.113.50');
      expect(seen).toEqual({ status: 200, ip: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/) });
      const statuses: number[] = [];
      for (let i = 0; i < 50; i++) statuses.push(await ping(t, spoofed(i)));
      // One request of the window's two went to /address: one more is served, then only 429s.
      expect(statuses[0]).toBe(200);
      expect(statuses.slice(1)).toEqual(Array(49).fill(429));
    } finally {
      await t.close();
    }
  });

  it('with TRUST_PROXY=1 is the last hop, the one the trusted proxy appended, whatever the client wrote before it', async () => {
    const t = await startFeatureApp([PingModule], { env: { ...LIMITS, TRUST_PROXY: '1' } });
    try {
      expect(await address(t, 'evil, 10.9.9.9, 203.0.113.60')).toEqual({ status: 200, ip: '203.0.113.60' });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push(await ping(t, `${spoofed(i)}, 203.0.113.60`));
      expect(statuses).toEqual([200, ...Array(19).fill(429)]);
      // Another client behind the same proxy has its own budget.
      expect(await address(t, `${spoofed(99)}, 203.0.113.61`)).toEqual({ status: 200, ip: '203.0.113.61' });
      // Without the header the peer itself is the client.
      expect((await address(t)).ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    } finally {
      await t.close();
    }
  });

  it('with TRUST_PROXY as CIDRs believes X-Forwarded-For only from those proxies', async () => {
    const trusted = await startFeatureApp([PingModule], { env: { ...LIMITS, TRUST_PROXY: '127.0.0.0/8, ::1' } });
    const other = await startFeatureApp([PingModule], { env: { ...LIMITS, TRUST_PROXY: '10.0.0.0/8' } });
    try {
      // The peer (loopback) is trusted, 10.1.2.3 is not: the client is 10.1.2.3, not what it claimed.
      expect(await address(trusted, '203.0.113.70, 10.1.2.3')).toEqual({ status: 200, ip: '10.1.2.3' });
      expect(await address(trusted, '127.0.0.9')).toEqual({ status: 200, ip: '127.0.0.9' });
      // A peer outside the list is the client, whatever the header says.
      expect((await address(other, '10.1.2.3')).ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    } finally {
      await other.close();
      await trusted.close();
    }
  });
});
