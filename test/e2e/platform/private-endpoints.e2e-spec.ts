import { randomBytes } from 'node:crypto';
import { createApiApp } from '../../../apps/api/src/create-api-app.js';
import { startApp, type TestApp } from '../../support/test-app.js';

const ENV = { QUEUE_CONSUMERS_ENABLED: 'false', SQS_ENDPOINT: undefined, QUEUE_NAME_PREFIX: `private-${randomBytes(3).toString('hex')}-` };

/**
 * /metrics and /docs switched off (production's default, issue 20 item 8):
 * they answer exactly as a route that does not exist.
 */
describe('/metrics and /docs switched off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(() => createApiApp(), { env: { ...ENV, METRICS_ENABLED: 'false', API_DOCS_ENABLED: 'false' } });
  });
  afterAll(() => t?.close());

  /** Status, and the problem body with its path and request id left out. */
  const answer = async (path: string) => {
    const res = await fetch(`${t.url}${path}`);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.detail).toBe(`Cannot GET ${path}`);
    return { status: res.status, type: res.headers.get('content-type'), body: { ...body, instance: undefined, requestId: undefined, detail: undefined } };
  };

  it('answers 404 at /metrics, /docs and /docs-json, as at a route that does not exist', async () => {
    const missing = await answer('/v1/no-such-route');
    expect(missing.status).toBe(404);
    for (const path of ['/metrics', '/docs', '/docs/', '/docs-json']) {
      const res = await answer(path);
      expect({ path, ...res }).toEqual({ path, ...missing });
    }
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).not.toContain('# TYPE');
  });

  it('still serves the API and the probes', async () => {
    expect((await fetch(`${t.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${t.url}/v1/contacts`)).status).toBe(401);
  });
});
