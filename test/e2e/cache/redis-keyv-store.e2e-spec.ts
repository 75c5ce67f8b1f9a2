import { Redis } from 'ioredis';
import { Keyv } from 'keyv';
import { randomBytes } from 'node:crypto';
import { RedisKeyvStore } from '#switchboard/cache';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('RedisKeyvStore (Keyv on ioredis, against the test Redis)', () => {
  const client = new Redis(REDIS_URL);
  const namespace = `store-spec-${randomBytes(4).toString('hex')}`;
  const keyv = new Keyv({ store: new RedisKeyvStore(client), namespace, throwOnErrors: true });
  afterAll(async () => {
    await client.del(`${namespace}-other:kept`);
    client.disconnect();
  });

  it('round-trips JSON values under the namespace, with Redis keeping the TTL', async () => {
    await keyv.set('report', { calls: 3, outcomes: ['answered'] }, 60_000);
    await expect(keyv.get('report')).resolves.toEqual({ calls: 3, outcomes: ['answered'] });
    const ttl = await client.pttl(`${namespace}:report`);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await expect(keyv.get('missing')).resolves.toBeUndefined();
  });

  it('lets Redis expire an entry, and deletes one on request', async () => {
    await keyv.set('short', 'soon gone', 50);
    await new Promise((resolve) => setTimeout(resolve, 120));
    await expect(client.exists(`${namespace}:short`)).resolves.toBe(0);
    await keyv.set('gone', 1);
    await expect(keyv.delete('gone')).resolves.toBe(true);
    await expect(keyv.delete('gone')).resolves.toBe(false);
  });

  it('clears its own namespace only', async () => {
    await client.set(`${namespace}-other:kept`, 'x');
    await keyv.set('a', 1);
    await keyv.set('b', 2);
    await keyv.clear();
    await expect(client.keys(`${namespace}:*`)).resolves.toEqual([]);
    await expect(client.get(`${namespace}-other:kept`)).resolves.toBe('x');
  });

  it('lets a Redis failure through, for the cache to count and bypass', async () => {
    const closed = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false });
    const failing = new Keyv({ store: new RedisKeyvStore(closed), namespace, throwOnErrors: true });
    await expect(failing.get('report')).rejects.toThrow();
    closed.disconnect();
  });
});
