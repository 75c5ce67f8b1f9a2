import { AgentsModule } from '#switchboard/agents';
import { startTestIssuer, type TestIssuer } from '../../support/auth.js';
import { startFeatureApp, type TestApp } from '../../support/test-app.js';

describe('CORS allow-list (CORS_ORIGINS)', () => {
  let issuer: TestIssuer;
  let t: TestApp;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    t = await startFeatureApp([AgentsModule], { env: { ...issuer.env, CORS_ORIGINS: 'https://console.example.com' } });
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  const preflight = (origin: string) =>
    fetch(`${t.url}/v1/me`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });

  it('lets a listed origin send the Authorization header, without a token on the preflight', async () => {
    const res = await preflight('https://console.example.com');
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://console.example.com');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  it('gives an unlisted origin no CORS grant', async () => {
    const res = await preflight('https://evil.example.com');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${t.url}/v1/me`, {
      headers: { origin: 'https://evil.example.com', authorization: `Bearer ${await issuer.token({ tenant: 'acme' })}` },
    });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('exposes ETag and Retry-After to the listed origin', async () => {
    const res = await fetch(`${t.url}/v1/me`, {
      headers: { origin: 'https://console.example.com', authorization: `Bearer ${await issuer.token({ tenant: 'acme' })}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://console.example.com');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/ETag/);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
  });
});
