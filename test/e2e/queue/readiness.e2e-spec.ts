import { buildApp } from 'fauxqs';
import { HealthModule } from '../../../apps/api/src/health/health.module.js';
import { MetricsModule } from '../../../apps/api/src/metrics/metrics.module.js';
import { freePort } from '../../support/processes.js';
import { startFeatureApp, type TestApp } from '../../support/test-app.js';

interface Readiness {
  status: string;
  details: Record<string, { status: string; queues?: Record<string, string> }>;
}

describe('/health/ready and /metrics', () => {
  const emulator = buildApp({ logger: false });
  let t: TestApp;

  beforeAll(async () => {
    const endpoint = await emulator.listen({ host: '127.0.0.1', port: 0 });
    // Redis on a dead port: the cache is down, which must not make the service unready.
    t = await startFeatureApp([HealthModule, MetricsModule], {
      env: { SQS_ENDPOINT: endpoint, QUEUES_CREATE: 'true', QUEUE_NAME_PREFIX: 'ready-test-', REDIS_URL: `redis://127.0.0.1:${await freePort()}` },
    });
  });
  afterAll(async () => {
    await t?.close();
    await emulator.close();
  });

  it('is ready with the database and every queue up, whatever the cache', async () => {
    const res = await fetch(`${t.url}/health/ready`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Readiness;
    expect(body.status).toBe('ok');
    expect(body.details.database.status).toBe('up');
    expect(body.details.queue).toEqual({ status: 'up', queues: { 'call-events': 'up', 'contact-imports': 'up', 'webhook-deliveries': 'up', exports: 'up' } });
    expect(Object.keys(body.details)).not.toContain('cache');
  });

  it('reports the cache as down in the metrics instead', async () => {
    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^cache_up 0$/m);
    expect(text).toContain('# TYPE cache_requests_total counter');
    expect(text).toContain('# TYPE queue_messages_total counter');
  });

  it('is not ready once the queue service is gone', async () => {
    await emulator.close();
    const res = await fetch(`${t.url}/health/ready`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { code: string; detail: string };
    expect(body.code).toBe('SERVICE_UNAVAILABLE');
    // What is down, in words; the SDK's error text stays in the log (issue 20, item 8).
    expect(body.detail).toBe('Not ready: the queue is unavailable.');
  });
});
