import { defineConfig, int, setting, text, url } from '#switchboard/config';

export const cacheConfig = defineConfig('cache', {
  /** Undefined outside production when unset: the in-process memory store is used. */
  redisUrl: setting('REDIS_URL', url(['redis', 'rediss']).optional()),
  defaultTtlSeconds: setting('CACHE_DEFAULT_TTL_SECONDS', int(1, 86_400)),
  keyPrefix: setting('CACHE_KEY_PREFIX', text().optional()),
});
