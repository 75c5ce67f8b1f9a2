import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Cache } from 'cache-manager';
import { randomBytes } from 'node:crypto';
import { cacheConfig } from './cache.config.js';
import { cacheRequests } from './cache.metrics.js';
import { CacheStore } from './cache-store.js';

/** Generation keys outlive the entries they scope; they carry a TTL too. */
const GENERATION_TTL_SECONDS = 24 * 60 * 60;

/**
 * The application cache. Every entry carries a TTL, so an invalidation missed
 * while Redis was unreachable heals itself. A store failure never reaches the
 * caller: reads miss, writes are dropped, and `wrap` computes the value.
 *
 * Values go through JSON (both stores): cache plain data, not class instances or Dates.
 */
@Injectable()
export class AppCache {
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    private readonly store: CacheStore,
    @Inject(cacheConfig.KEY) private readonly cfg: ConfigType<typeof cacheConfig>,
  ) {
    // cache-manager turns a failed read into a miss and reports it only as an event.
    cache.on('get', (event: { error?: unknown }) => {
      if (event.error) store.recordFailure();
    });
  }

  /** Whether the store is reachable; while false every call is a bypass. */
  get available(): boolean {
    return this.store.up;
  }

  /**
   * Read-through: the cached value of `key`, or `fn()`'s result stored for
   * `ttlSeconds` (default CACHE_DEFAULT_TTL_SECONDS). Concurrent misses on one
   * key in this process share a single `fn()` call. `undefined` is never cached.
   */
  async wrap<T>(key: string, fn: () => Promise<T>, ttlSeconds?: number): Promise<T> {
    if (!this.store.up) {
      cacheRequests.inc({ result: 'bypass' });
      return fn();
    }
    const cached = await this.read<T>(key);
    if (cached !== undefined) return cached;
    const running = this.pending.get(key) as Promise<T> | undefined;
    if (running) return running;
    const computing = (async () => {
      const value = await fn();
      await this.set(key, value, ttlSeconds);
      return value;
    })().finally(() => this.pending.delete(key));
    this.pending.set(key, computing);
    return computing;
  }

  /** The cached value, or `undefined` on a miss or while the store is unreachable. */
  async get<T>(key: string): Promise<T | undefined> {
    if (!this.store.up) {
      cacheRequests.inc({ result: 'bypass' });
      return undefined;
    }
    return this.read<T>(key);
  }

  /** Stores `value` for `ttlSeconds` (default CACHE_DEFAULT_TTL_SECONDS); a failure is logged in metrics, not thrown. */
  async set(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    if (value === undefined || !this.store.up) return;
    await this.quietly(() => this.cache.set(key, value, this.ttlMs(ttlSeconds)));
  }

  /** Removes one entry. */
  async del(key: string): Promise<void> {
    if (!this.store.up) return;
    await this.quietly(() => this.cache.del(key));
  }

  /**
   * `wrap` scoped to a group such as `reports:<tenantId>`: the entry's key
   * includes the group's current generation, so `invalidateGroup` drops every
   * entry of the group at once without scanning keys.
   */
  async wrapInGroup<T>(group: string, key: string, fn: () => Promise<T>, ttlSeconds?: number): Promise<T> {
    if (!this.store.up) {
      cacheRequests.inc({ result: 'bypass' });
      return fn();
    }
    const generation = await this.generation(group);
    if (generation === undefined) return fn();
    return this.wrap(`grp:${group}:${generation}:${key}`, fn, ttlSeconds);
  }

  /** Starts a new generation of `group`: entries of earlier generations are never read again and expire. */
  async invalidateGroup(group: string): Promise<void> {
    await this.set(generationKey(group), newGeneration(), GENERATION_TTL_SECONDS);
  }

  private async generation(group: string): Promise<string | undefined> {
    const key = generationKey(group);
    const current = await this.quietly(() => this.cache.get<string>(key));
    if (current) return current;
    // A fresh random generation (never a counter from 0): if the key expired or
    // was lost, entries of a previous life of the group are not resurrected.
    const created = newGeneration();
    const stored = await this.quietly(() => this.cache.set(key, created, GENERATION_TTL_SECONDS * 1000));
    return stored === undefined ? undefined : created;
  }

  private async read<T>(key: string): Promise<T | undefined> {
    const value = await this.quietly(() => this.cache.get<T>(key));
    cacheRequests.inc({ result: value === undefined ? 'miss' : 'hit' });
    return value;
  }

  private ttlMs(ttlSeconds: number | undefined): number {
    const seconds = ttlSeconds !== undefined && ttlSeconds > 0 ? ttlSeconds : this.cfg.defaultTtlSeconds;
    return Math.ceil(seconds * 1000);
  }

  private async quietly<R>(op: () => Promise<R>): Promise<R | undefined> {
    try {
      return await op();
    } catch {
      this.store.recordFailure();
      return undefined;
    }
  }
}

function generationKey(group: string): string {
  return `grp:${group}:gen`;
}

function newGeneration(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}
