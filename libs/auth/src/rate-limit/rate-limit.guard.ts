import { type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { ThrottlerStorage } from '@nestjs/throttler';
// From its module, not the package index: the index also loads the package's
// guard and module, CommonJS that requires all of @nestjs/common and @nestjs/core
// (a Lambda bundle then keeps every export of both, ~30 KB).
import { normalizeIp } from '@nestjs/throttler/dist/ip.js';
import { authConfig } from '../auth.config.js';
import { SKIP_IP_RATE_LIMIT } from '../decorators/skip-ip-rate-limit.decorator.js';
import { RateLimitedError } from '../auth.errors.js';
import type { AuthenticatedRequest } from '../principal.js';
import { RATE_LIMIT_STORAGE } from './rate-limit-storage.module.js';

const WINDOW_MS = 60_000;

interface Window {
  name: 'subject' | 'ip';
  limit: number;
}

/**
 * Two fixed one-minute windows: per tenant and subject on authenticated routes,
 * per client IP on public ones (a route opts out of the IP window with
 * `@SkipIpRateLimit()`). Keys are global, not per route; the counters
 * live in the rate-limit storage (Redis: one round trip per request).
 *
 * Counted here rather than through @nestjs/throttler's guard, which reads six
 * metadata keys per window and request and awaits each value: the same
 * counting with one cached metadata look-up per route.
 */
@Injectable()
export class RateLimitGuard {
  private readonly subject: Window;
  private readonly ip: Window;
  private readonly skipsIpWindow = new WeakMap<object, WeakMap<object, boolean>>();

  constructor(
    @Inject(authConfig.KEY) cfg: ConfigType<typeof authConfig>,
    @Inject(RATE_LIMIT_STORAGE) private readonly storage: ThrottlerStorage,
    private readonly reflector: Reflector,
  ) {
    this.subject = { name: 'subject', limit: cfg.rateLimitPerMinute };
    this.ip = { name: 'ip', limit: cfg.rateLimitIpPerMinute };
  }

  /** Counts the request in its window; throws 429 with the seconds until the window ends when it is over the limit. */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    // `ip`: the client address as Express reads it (behind `trust proxy`, from X-Forwarded-For).
    const req = context.switchToHttp().getRequest<AuthenticatedRequest & { ip?: string }>();
    const principal = req.user;
    if (!principal && this.skipsIp(context)) return true;
    const window = principal ? this.subject : this.ip;
    const tracker = principal ? `${principal.tenantId.length}:${principal.tenantId}:${principal.sub}` : normalizeIp(req.ip ?? 'unknown');
    const { isBlocked, timeToBlockExpire } = await this.storage.increment(`rl:${window.name}:${tracker}`, WINDOW_MS, window.limit, WINDOW_MS, window.name);
    if (isBlocked) throw new RateLimitedError(Math.max(1, timeToBlockExpire));
    return true;
  }

  private skipsIp(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byHandler = this.skipsIpWindow.get(controller);
    if (!byHandler) this.skipsIpWindow.set(controller, (byHandler = new WeakMap()));
    let skips = byHandler.get(handler);
    if (skips === undefined) {
      skips = this.reflector.getAllAndOverride<boolean>(SKIP_IP_RATE_LIMIT, [handler, controller]) === true;
      byHandler.set(handler, skips);
    }
    return skips;
  }
}
