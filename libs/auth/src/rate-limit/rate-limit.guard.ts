import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { RateLimitedError } from '../auth.errors.js';

/**
 * @nestjs/throttler's guard over the windows of `rateLimitOptions` (one per
 * request: per subject with a caller, per IP without; a route opts out of the
 * IP window with `@SkipIpRateLimit()`). `AccessGuard` runs it at the right
 * moments; over the limit it throws a 429 with the seconds until the window ends.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): never {
    throw new RateLimitedError(Math.max(1, detail.timeToBlockExpire));
  }
}
