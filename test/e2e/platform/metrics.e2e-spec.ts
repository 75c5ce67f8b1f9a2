import { randomBytes } from 'node:crypto';
import { createApiApp } from '../../../apps/api/src/create-api-app.js';
import { startApp, type TestApp } from '../../support/test-app.js';

// No pollers: only HTTP is measured here.
const ENV = { QUEUE_CONSUMERS_ENABLED: 'false', SQS_ENDPOINT: undefined, QUEUE_NAME_PREFIX: `metrics-${randomBytes(3).toString('hex')}-` };

/** The one-process server's /metrics, as Prometheus scrapes it. */
describe('request metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(() => createApiApp(), { env: ENV });
  });
  afterAll(() => t?.close());

  it('counts each request under its route pattern, method and status, and misses as unmatched', async () => {
    await fetch(`${t.url}/v1/contacts/8b0f4d5e-1d1c-4f0a-9e7e-0c9f1a2b3c4d`); // no token: 401
    await fetch(`${t.url}/v1/no-such-route`);
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/v1\/contacts\/:id",status="401"\} 1\b/);
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} 1\b/);
  });
});
