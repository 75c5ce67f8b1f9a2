import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { register } from 'prom-client';
import { startFeatureApp, type TestApp } from '../../support/test-app.js';
import { CacheProbeModule, computed } from './cache-probe.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
  const found = await register.getSingleMetric(name)?.get();
  const match = found?.values.find((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want));
  return match?.value ?? 0;
}

describe('AppCache on Redis', () => {
  // A namespace of this file only: parallel test files share the machine's Redis.
  const prefix = `sbtest-cache-${randomBytes(4).toString('hex')}`;
  /** Where entries live: CACHE_KEY_PREFIX, then the entry layout's version. */
  const entries = `${prefix}:v2`;
  let t: TestApp;
  let redis: Redis;
  const get = async (path: string) => {
    const res = await fetch(`${t.url}/probe/${path}`);
    expect(res.status).toBe(200);
    return (await res.json()) as { key: string; computation: number };
  };
  const del = async (path: string) => expect((await fetch(`${t.url}/probe/${path}`, { method: 'DELETE' })).status).toBe(204);

  beforeAll(async () => {
    t = await startFeatureApp([CacheProbeModule], { env: { REDIS_URL, CACHE_KEY_PREFIX: prefix, CACHE_DEFAULT_TTL_SECONDS: '120' } });
    redis = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    await t?.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('computes on a miss, then answers from Redis', async () => {
    const misses = await metric('cache_requests_total', { result: 'miss' });
    const hits = await metric('cache_requests_total', { result: 'hit' });
    expect(await get('keys/a')).toEqual({ key: 'a', computation: 1 });
    expect(await get('keys/a')).toEqual({ key: 'a', computation: 1 });
    expect(computed.get('a')).toBe(1);
    expect(await redis.exists(`${entries}:probe:a`)).toBe(1);
    expect(await metric('cache_requests_total', { result: 'miss' })).toBe(misses + 1);
    expect(await metric('cache_requests_total', { result: 'hit' })).toBe(hits + 1);
    expect(await metric('cache_up')).toBe(1);
  });

  it('recomputes after the key is invalidated', async () => {
    await get('keys/b');
    await del('keys/b');
    expect(await redis.exists(`${entries}:probe:b`)).toBe(0);
    expect(await get('keys/b')).toEqual({ key: 'b', computation: 2 });
  });

  it('invalidates a whole group at once and leaves other groups alone', async () => {
    expect((await get('groups/t1/x')).computation).toBe(1);
    expect((await get('groups/t1/y')).computation).toBe(1);
    expect((await get('groups/t2/x')).computation).toBe(1);
    expect((await get('groups/t1/x')).computation).toBe(1);
    await del('groups/t1');
    expect((await get('groups/t1/x')).computation).toBe(2);
    expect((await get('groups/t1/y')).computation).toBe(2);
    expect((await get('groups/t2/x')).computation).toBe(1);
  });

  it('gives every entry a TTL: the default, a caller-chosen one, and the generation keys', async () => {
    await get('keys/ttl-default');
    await get('keys/ttl-short?ttl=5');
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThanOrEqual(8);
    for (const key of keys) {
      const pttl = await redis.pttl(key);
      expect({ key, expires: pttl > 0 }).toEqual({ key, expires: true });
    }
    const defaultTtl = await redis.pttl(`${entries}:probe:ttl-default`);
    expect(defaultTtl).toBeGreaterThan(5_000);
    expect(defaultTtl).toBeLessThanOrEqual(120_000);
    expect(await redis.pttl(`${entries}:probe:ttl-short`)).toBeLessThanOrEqual(5_000);
  });

  it('lets an entry expire by itself, so a missed invalidation heals', async () => {
    expect((await get('keys/brief?ttl=1')).computation).toBe(1);
    for (;;) {
      const again = await get('keys/brief?ttl=1');
      if (again.computation === 2) break;
      expect(again.computation).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
});

describe('AppCache without REDIS_URL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startFeatureApp([CacheProbeModule], { env: { REDIS_URL: undefined } });
  });
  afterAll(() => t?.close());

  it('uses the in-process memory store', async () => {
    const first = (await (await fetch(`${t.url}/probe/keys/mem`)).json()) as { computation: number };
    const second = (await (await fetch(`${t.url}/probe/keys/mem`)).json()) as { computation: number };
    expect(second.computation).toBe(first.computation);
  });
});
