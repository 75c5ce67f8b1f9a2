import { defineConfig, int, setting, text, url } from '#switchboard/config';

export const authConfig = defineConfig('auth', {
  /** Undefined outside production when unset: the server is its own dev issuer. */
  issuerUrl: setting('AUTH_ISSUER_URL', url(['https', 'http']).optional()),
  audience: setting('AUTH_AUDIENCE', text()),
  jwksUrl: setting('AUTH_JWKS_URL', url(['https', 'http']).optional()),
  tenantClaim: setting('AUTH_TENANT_CLAIM', text()),
  permissionsClaim: setting('AUTH_PERMISSIONS_CLAIM', text()),
  rolesClaim: setting('AUTH_ROLES_CLAIM', text()),
  clockSkewSeconds: setting('AUTH_CLOCK_SKEW_SECONDS', int(0, 30)),
  rateLimitPerMinute: setting('RATE_LIMIT_PER_MINUTE', int(1, 10_000_000)),
  rateLimitIpPerMinute: setting('RATE_LIMIT_IP_PER_MINUTE', int(1, 10_000_000)),
  redisUrl: setting('REDIS_URL', url(['redis', 'rediss']).optional()),
  keyPrefix: setting('CACHE_KEY_PREFIX', text().optional()),
});
