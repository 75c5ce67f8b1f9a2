import { type ExecutionContext, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { normalizeIp, ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerModuleOptions, type ThrottlerStorage } from '@nestjs/throttler';
import type { authConfig } from '../auth.config.js';
import { RateLimitedError } from '../auth.errors.js';
import type { AuthenticatedRequest } from '../principal.js';

const principalOf = (context: ExecutionContext) => context.switchToHttp().getRequest<AuthenticatedRequest>().principal;

/**
 * Two fixed one-minute windows: per tenant and subject on authenticated routes,
 * per client IP on public ones. Keys are global (not per route).
 */
export function rateLimitOptions(cfg: ConfigType<typeof authConfig>, storage: ThrottlerStorage): ThrottlerModuleOptions {
  return {
    storage,
    setHeaders: false,
    throttlers: [
      { name: 'subject', ttl: 60_000, limit: cfg.rateLimitPerMinute, skipIf: (ctx) => !principalOf(ctx) },
      { name: 'ip', ttl: 60_000, limit: cfg.rateLimitIpPerMinute, skipIf: (ctx) => !!principalOf(ctx) },
    ],
    getTracker: (req: Record<string, any>) =>
      req.principal ? `${req.principal.tenantId.length}:${req.principal.tenantId}:${req.principal.sub}` : normalizeIp(req.ip ?? 'unknown'),
    generateKey: (_ctx, tracker, name) => `rl:${name}:${tracker}`,
  };
}

/** @nestjs/throttler's guard, answering with our 429 problem details and `Retry-After`. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new RateLimitedError(Math.max(1, detail.timeToBlockExpire));
  }
}
