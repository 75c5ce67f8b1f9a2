import type { Redis } from 'ioredis';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import { EventEmitter } from 'node:events';

/**
 * Keyv's store on our ioredis client. Keyv does the rest: it serializes each
 * entry (JSON, with its expiry) and prefixes its key with the namespace; this
 * writes the string with Redis's own TTL, so Redis drops an entry when Keyv
 * would consider it expired. Errors propagate (Keyv runs with `throwOnErrors`).
 */
export class RedisKeyvStore extends EventEmitter implements KeyvStoreAdapter {
  readonly opts = {};
  namespace?: string;

  constructor(private readonly client: Redis) {
    super();
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    return ((await this.client.get(key)) ?? undefined) as StoredData<Value> | undefined;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    if (ttlMs) await this.client.set(key, value, 'PX', ttlMs);
    else await this.client.set(key, value);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.client.del(key)) > 0;
  }

  /** Removes this namespace's entries, never the rest of a Redis that stages or test runs may share. */
  async clear(): Promise<void> {
    if (!this.namespace) throw new Error('RedisKeyvStore.clear() needs a namespace');
    for await (const keys of this.client.scanStream({ match: `${this.namespace}:*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await this.client.unlink(...keys);
    }
  }
}
