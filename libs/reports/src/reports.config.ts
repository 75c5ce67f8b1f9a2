import { defineConfig, int, setting } from '#switchboard/config';

export const reportsConfig = defineConfig('reports', {
  /** Short on purpose: an invalidation missed while the cache was away heals within it. */
  cacheTtlSeconds: setting('REPORTS_CACHE_TTL_SECONDS', int(1, 60)),
});
