import { AppCache } from '#switchboard/cache';
import { Redis } from 'ioredis';
import { register } from 'prom-client';
import { startFeatureApp, type TestApp } from '../../support/test-app.js';
import { CacheProbeModule } from './cache-probe.js';
import { PrivateRedis } from '../../support/private-redis.js';
import { freePort } from '../../support/processes.js';

async function cacheUp(): Promise<number | undefined> {
  return (await register.getSingleMetric('cache_up')?.get())?.values[0]?.value;
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('AppCache when Redis goes away and comes back', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  const read = async (key: string) => {
    const res = await fetch(`${t.url}/probe/keys/${key}`);
    return { status: res.status, computation: ((await res.json()) as { computation: number }).computation };
  };

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    t = await startFeatureApp([CacheProbeModule], { env: { REDIS_URL: redis.url, CACHE_KEY_PREFIX: 'outage' } });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.kill();
  });

  it('serves from the cache while Redis is up', async () => {
    expect(await read('k')).toEqual({ status: 200, computation: 1 });
    expect(await read('k')).toEqual({ status: 200, computation: 1 });
  });

  it('keeps answering, computing every time, while Redis is down', async () => {
    await redis.kill();
    await until(() => !t.app.get(AppCache).available);
    expect(await cacheUp()).toBe(0);
    const bypassed = (await register.getSingleMetric('cache_requests_total')?.get())?.values.find((v) => v.labels.result === 'bypass')?.value ?? 0;
    expect(await read('k')).toEqual({ status: 200, computation: 2 });
    expect(await read('k')).toEqual({ status: 200, computation: 3 });
    expect(await read('other')).toEqual({ status: 200, computation: 1 });
    const after = (await register.getSingleMetric('cache_requests_total')?.get())?.values.find((v) => v.labels.result === 'bypass')?.value ?? 0;
    expect(after - bypassed).toBe(3);
  });

  it('reconnects by itself when Redis returns, and caches again', async () => {
    await redis.start();
    await until(() => t.app.get(AppCache).available);
    expect(await cacheUp()).toBe(1);
    expect(await read('k')).toEqual({ status: 200, computation: 4 });
    expect(await read('k')).toEqual({ status: 200, computation: 4 });
  });
});

describe('AppCache when Redis is connected but stops answering', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  const bypasses = async () => (await register.getSingleMetric('cache_requests_total')?.get())?.values.find((v) => v.labels.result === 'bypass')?.value ?? 0;
  const read = async (key: string) => {
    const res = await fetch(`${t.url}/probe/keys/${key}`);
    return { status: res.status, computation: ((await res.json()) as { computation: number }).computation };
  };

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    t = await startFeatureApp([CacheProbeModule], { env: { REDIS_URL: redis.url, CACHE_KEY_PREFIX: 'paused' } });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.kill();
  });

  it('answers every request while commands time out, bypasses the cache after repeated timeouts, and uses it again after', async () => {
    expect(await read('p')).toEqual({ status: 200, computation: 1 });
    const admin = new Redis(redis.url);
    await admin.call('CLIENT', 'PAUSE', '4000', 'ALL');
    const before = await bypasses();
    let computation = 1;
    // Each request still answers (computed: the cached value cannot be read) until the breaker opens.
    while ((await bypasses()) === before) {
      const res = await read('p');
      expect(res.status).toBe(200);
      expect(res.computation).toBe(++computation);
    }
    await admin.call('CLIENT', 'UNPAUSE');
    await admin.quit();
    await until(() => t.app.get(AppCache).available);
    const cached = await read('p');
    expect(await read('p')).toEqual(cached);
  });
});

describe('AppCache with Redis unreachable from the start (a dead port)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startFeatureApp([CacheProbeModule], { env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}` } });
  });
  afterAll(() => t?.close());

  it('starts and answers every request without the cache', async () => {
    for (const computation of [1, 2, 3]) {
      const res = await fetch(`${t.url}/probe/keys/dead`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { computation: number }).computation).toBe(computation);
    }
    expect(t.app.get(AppCache).available).toBe(false);
  });
});
