import { setTimeout as sleep } from 'node:timers/promises';
import { EDGE_SECRET_REFRESH_MS } from '../../libs/lambda/src/http/edge-origin.js';
import { toResponse, type HttpResult } from './support/api-gateway-events.js';
import { startLambdaTopology, type LambdaTopology } from './support/lambda-topology.js';

const PER_IP = 2;

/**
 * Issue 23 item 2: CloudFront is the only way to a function. It adds the stage's
 * origin secret (X-Origin-Verify); a request without a current value gets 403
 * before the feature module is created, and only such a request may name the
 * client with CloudFront-Viewer-Address (the per-IP rate limit's key).
 */
describe('a function behind CloudFront', () => {
  let topology: LambdaTopology;

  beforeAll(async () => {
    topology = await startLambdaTopology({ parameters: (p) => ({ ...p, RATE_LIMIT_IP_PER_MINUTE: String(PER_IP) }) });
  });
  afterAll(() => topology?.close());

  /** A request as API Gateway hands it over: `origin` replaces the topology's origin header (undefined: none). */
  async function call(path: string, headers: Record<string, string | undefined>, options: { token?: string; format?: 'v1' | 'v2' } = {}) {
    const routed = topology.httpEvent('GET', path, { token: options.token }, options.format ?? 'v2')!;
    const event = routed.event as { headers: Record<string, string>; multiValueHeaders?: Record<string, string[]> };
    for (const [name, value] of Object.entries(headers)) {
      for (const key of Object.keys(event.headers)) if (key.toLowerCase() === name) delete event.headers[key];
      if (event.multiValueHeaders) for (const key of Object.keys(event.multiValueHeaders)) if (key.toLowerCase() === name) delete event.multiValueHeaders[key];
      if (value !== undefined) {
        event.headers[name] = value;
        if (event.multiValueHeaders) event.multiValueHeaders[name] = [value];
      }
    }
    const { result } = await (await topology.fn(routed.functionName)).invoke<HttpResult>(routed.event);
    return toResponse(result);
  }

  it.each(['v2', 'v1'] as const)('%s: refuses a request without the origin secret, or with a wrong one, with 403 before the feature starts', async (format) => {
    const valid = topology.issuer.token({ tenant: 'edge-origin', role: 'admin' });
    for (const origin of [undefined, '', 'guess', `${topology.origin.header}x`]) {
      const res = await call('/v1/reports/campaigns', { 'x-origin-verify': origin }, { token: await valid, format });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.parse(res.text)).toMatchObject({ status: 403, detail: expect.stringContaining('CloudFront') });
    }
    const ok = await call('/v1/me', {}, { token: await valid, format });
    expect(ok.status).toBe(200);
  });

  it('keys the per-IP window on CloudFront-Viewer-Address when the origin secret came with it', async () => {
    const forged = (viewer: string, forwardedFor: string) =>
      call('/v1/calls', { 'cloudfront-viewer-address': viewer, 'x-forwarded-for': forwardedFor }, { token: 'forged.token.here' });
    const statuses: number[] = [];
    // API Gateway's sourceIp is the same CloudFront edge address for all of these; the viewer is what counts.
    for (let i = 0; i < 6; i++) statuses.push((await forged(`198.51.100.40:${40000 + i}`, `203.0.113.${i}`)).status);
    expect(statuses).toEqual([...Array(PER_IP).fill(401), ...Array(6 - PER_IP).fill(429)]);
    // Another viewer behind the same edge keeps its own budget; IPv6 viewers too.
    expect((await forged('198.51.100.41:40000', '198.51.100.40')).status).toBe(401);
    expect((await forged('2001:db8::41:40000', '198.51.100.40')).status).toBe(401);
  });

  it('ignores CloudFront-Viewer-Address on a request without the origin secret', async () => {
    const res = await call('/v1/calls', { 'cloudfront-viewer-address': '198.51.100.50:1', 'x-origin-verify': undefined }, { token: 'forged.token.here' });
    expect(res.status).toBe(403);
  });

  it('accepts a rotated secret without a redeploy, and the previous value while the rotation lasts', async () => {
    const token = await topology.issuer.token({ tenant: 'edge-rotation', role: 'admin' });
    const old = topology.origin.header;
    expect((await call('/v1/me', {}, { token })).status).toBe(200);
    topology.aws.rotateSecret(topology.origin.secretArn, JSON.stringify({ header: 'rotated-origin-value', previous: old }));
    await sleep(EDGE_SECRET_REFRESH_MS + 500);
    expect((await call('/v1/me', { 'x-origin-verify': 'rotated-origin-value' }, { token })).status).toBe(200);
    expect((await call('/v1/me', { 'x-origin-verify': old }, { token })).status).toBe(200);
    expect((await call('/v1/me', { 'x-origin-verify': 'not-the-secret' }, { token })).status).toBe(403);
    topology.aws.rotateSecret(topology.origin.secretArn, JSON.stringify({ header: old }));
  });
});
