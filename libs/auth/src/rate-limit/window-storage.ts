import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { waitForReady } from '#switchboard/cache';

interface Hits {
  totalHits: number;
  /** Milliseconds until the window ends. */
  ttlMs: number;
}

function record({ totalHits, ttlMs }: Hits, limit: number) {
  const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
  return { totalHits, timeToExpire: seconds, isBlocked: totalHits > limit, timeToBlockExpire: totalHits > limit ? seconds : 0 };
}

/**
 * Fixed-window counters in process memory: O(1) per request (the throttler's
 * own memory store keeps one timestamp per hit, too heavy at thousands of
 * requests per minute per subject).
 */
export class MemoryWindowStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, { hits: number; endsAt: number }>();

  async increment(key: string, ttl: number, limit: number): Promise<ReturnType<typeof record>> {
    return record(this.hit(key, ttl), limit);
  }

  hit(key: string, ttlMs: number, now = Date.now()): Hits {
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      if (this.windows.size > 50_000) this.sweep(now);
      window = { hits: 0, endsAt: now + ttlMs };
      this.windows.set(key, window);
    }
    window.hits += 1;
    return { totalHits: window.hits, ttlMs: window.endsAt - now };
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}

const HIT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {hits, ttl}`;

/** How long a request waits for a connecting Redis client before counting in process. */
const READY_WAIT_MS = 250;

/**
 * Fixed-window counters in Redis, shared by every process and Lambda: one
 * round trip per request (a Lua script). When Redis fails the limit is kept per
 * process instead, so a cache outage never turns into an API outage.
 */
export class RedisWindowStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly fallback = new MemoryWindowStorage();
  private warned = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async increment(key: string, ttl: number, limit: number): Promise<ReturnType<typeof record>> {
    try {
      // A new process's client may still be connecting; without the wait its first
      // requests would count only in this process (commands fail fast while offline).
      await waitForReady(this.redis, READY_WAIT_MS);
      const [totalHits, ttlMs] = (await this.redis.eval(HIT, 1, `${this.prefix}${key}`, String(ttl))) as [number, number];
      return record({ totalHits, ttlMs }, limit);
    } catch (err) {
      if (Date.now() - this.warned > 60_000) {
        this.warned = Date.now();
        this.logger.warn(`Redis unavailable for rate limits, counting in process: ${(err as Error).message}`);
      }
      return record(this.fallback.hit(key, ttl), limit);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
