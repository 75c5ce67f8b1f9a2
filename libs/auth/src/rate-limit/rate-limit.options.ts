import type { ExecutionContext } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { normalizeIp, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import { authConfig } from '../auth.config.js';
import type { AuthenticatedRequest } from '../principal.js';
import { MemoryWindowStorage, RedisWindowStorage } from './window-storage.js';

const WINDOW_MS = 60_000;

type Req = AuthenticatedRequest & { ip?: string };

const hasCaller = (context: ExecutionContext) => context.switchToHttp().getRequest<Req>().user !== undefined;

/** Redis counters when REDIS_URL is set (shared by every process), memory otherwise. */
function windowStorage(cfg: ConfigType<typeof authConfig>): MemoryWindowStorage | RedisWindowStorage {
  if (!cfg.redisUrl) return new MemoryWindowStorage();
  // Fail fast: a dead Redis must cost milliseconds per request, not seconds.
  const redis = new Redis(cfg.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 500,
    connectTimeout: 2000,
    disconnectTimeout: 200,
  });
  redis.on('error', () => undefined); // reported by the storage when a command fails
  return new RedisWindowStorage(redis, `${cfg.keyPrefix ?? 'switchboard'}:`);
}

/**
 * The two fixed one-minute windows, as @nestjs/throttler throttlers: `subject`
 * (RATE_LIMIT_PER_MINUTE per tenant and subject) for a request with a verified
 * caller, `ip` (RATE_LIMIT_IP_PER_MINUTE per client IP) for one without (public
 * routes, failed authentication). Keys are global, not per route:
 * `rl:<window>:<tracker>` under CACHE_KEY_PREFIX. The 429 carries Retry-After
 * (RateLimitedError), so no X-RateLimit-* headers.
 */
export function rateLimitOptions(cfg: ConfigType<typeof authConfig>): ThrottlerModuleOptions {
  return {
    storage: windowStorage(cfg),
    setHeaders: false,
    generateKey: (_context, tracker, window) => `rl:${window}:${tracker}`,
    throttlers: [
      {
        name: 'subject',
        ttl: WINDOW_MS,
        limit: cfg.rateLimitPerMinute,
        skipIf: (context) => !hasCaller(context),
        getTracker: (req) => {
          const { tenantId, sub } = (req as Req).user!;
          return `${tenantId.length}:${tenantId}:${sub}`;
        },
      },
      {
        name: 'ip',
        ttl: WINDOW_MS,
        limit: cfg.rateLimitIpPerMinute,
        skipIf: hasCaller,
        // `ip`: the client address as Express reads it: the socket's peer, or the entry of
        // X-Forwarded-For the trusted proxies (TRUST_PROXY) wrote; in a function, API Gateway's sourceIp.
        getTracker: (req) => normalizeIp((req as Req).ip ?? 'unknown'),
      },
    ],
  };
}
