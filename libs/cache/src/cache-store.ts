import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Redis } from 'ioredis';
import { Keyv } from 'keyv';
import type { cacheConfig } from './cache.config.js';
import { cacheErrors, cacheUp } from './cache.metrics.js';
import { RedisKeyvStore } from './redis-keyv-store.js';

const DEFAULT_NAMESPACE = 'switchboard';
/**
 * Part of every Redis key, after the prefix: the layout of the entries. A new
 * layout takes a new value, so that during a rolling deploy old and new code
 * never read each other's entries (they expire by their TTL).
 */
const ENTRY_LAYOUT = 'v2';
const READY_WAIT_MS = 3000;
/** A Redis that is connected but not answering (paused, overloaded) times out per command: */
const FAILURES_TO_PAUSE = 3; // failures within FAILURE_WINDOW_MS
const FAILURE_WINDOW_MS = 5000;
const PAUSE_MS = 2000; // then the cache is bypassed for this long before Redis is tried again

/**
 * The store behind the cache: Keyv on Redis (ioredis) when REDIS_URL is set,
 * else an in-process Keyv map. Knows whether Redis is
 * reachable, so the cache can be bypassed instead of failing requests.
 */
export class CacheStore implements OnApplicationShutdown {
  private readonly logger = new Logger('Cache');
  private failures = 0;
  private windowStart = 0;
  private pausedUntil = 0;

  constructor(
    readonly keyv: Keyv,
    readonly kind: 'redis' | 'memory',
    private readonly client?: Redis,
  ) {}

  /**
   * False while Redis is unreachable (the client keeps reconnecting by itself)
   * or, after repeated command timeouts, for a short pause before it is tried again.
   */
  get up(): boolean {
    return !this.client || (this.client.status === 'ready' && Date.now() >= this.pausedUntil);
  }

  /** Counts a failed store operation; repeated failures pause the use of Redis briefly. */
  recordFailure(): void {
    cacheErrors.inc();
    const now = Date.now();
    if (now - this.windowStart > FAILURE_WINDOW_MS) {
      this.windowStart = now;
      this.failures = 0;
    }
    if (++this.failures < FAILURES_TO_PAUSE || now < this.pausedUntil) return;
    this.pausedUntil = now + PAUSE_MS;
    this.failures = 0;
    this.logger.warn(`Redis is failing or not answering in time: bypassing the cache for ${PAUSE_MS} ms`);
  }

  /** The Redis client, for tests and diagnostics; undefined for the memory store. */
  get redis(): Redis | undefined {
    return this.client;
  }

  // On application shutdown, not module destroy: in-flight requests and queue
  // messages drain during the destroy phase and may still read the cache.
  async onApplicationShutdown(): Promise<void> {
    if (!this.client || this.client.status === 'end') return;
    // A deliberate close is not an outage: stop reporting connection changes.
    this.client
      .removeAllListeners('close')
      .removeAllListeners('error')
      .on('error', () => undefined);
    if (this.client.status === 'ready') await this.client.quit().catch(() => this.client?.disconnect());
    else this.client.disconnect();
  }
}

export async function createCacheStore(cfg: ConfigType<typeof cacheConfig>): Promise<CacheStore> {
  const logger = new Logger('Cache');
  const namespace = cfg.keyPrefix ?? DEFAULT_NAMESPACE;
  if (!cfg.redisUrl) {
    cacheUp.set(1);
    return new CacheStore(new Keyv({ namespace, throwOnErrors: true }), 'memory');
  }

  const client = new Redis(cfg.redisUrl, {
    // Fail fast: a dead Redis must cost a request milliseconds, not a 10 s hang.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 500,
    connectTimeout: 2000,
    // Closing a client that lost its socket arms a timer of this length (ioredis):
    // keep it short so shutdown is not held up by a dead Redis.
    disconnectTimeout: 200,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    connectionName: 'switchboard-cache',
  });
  watchConnection(client, logger, redactedUrl(cfg.redisUrl));
  await waitForReady(client, READY_WAIT_MS);
  if (client.status !== 'ready') logger.warn(`Redis at ${redactedUrl(cfg.redisUrl)} is not reachable yet: the cache is bypassed until it is`);

  if (client.status === 'ready') logger.log(`Cache on Redis at ${redactedUrl(cfg.redisUrl)}`);
  // throwOnErrors: Keyv would otherwise swallow a failed read without a trace;
  // AppCache catches every failure and counts it. The client is quit by CacheStore at shutdown.
  const keyv = new Keyv({ store: new RedisKeyvStore(client), namespace: `${namespace}:${ENTRY_LAYOUT}`, throwOnErrors: true });
  return new CacheStore(keyv, 'redis', client);
}

/** Logs each change between reachable and unreachable once, and mirrors it in `cache_up`. */
function watchConnection(client: Redis, logger: Logger, where: string): void {
  let reachable: boolean | undefined;
  const mark = (up: boolean, reason?: string) => {
    cacheUp.set(up ? 1 : 0);
    if (up === reachable) return;
    if (up && reachable === false) logger.log(`Redis at ${where} is reachable again: cache back in use`);
    if (!up) logger.warn(`Redis at ${where} is unreachable (${reason ?? 'connection closed'}): bypassing the cache while reconnecting`);
    reachable = up;
  };
  client.on('ready', () => mark(true));
  // Without an error listener ioredis prints every failed reconnect as unhandled.
  client.on('error', (err: Error) => mark(false, err.message));
  client.on('close', () => {
    if (client.status !== 'end') mark(false);
  });
}

/**
 * Resolves once the client is `ready`, or after `timeoutMs` either way: writes sent
 * before `ready` are dropped silently, and a dead Redis must not hold up start-up.
 */
export function waitForReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    client.once('ready', done);
  });
}

function redactedUrl(raw: string): string {
  const u = new URL(raw);
  if (u.password) u.password = '***';
  return u.toString();
}
