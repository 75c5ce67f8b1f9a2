import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { RateLimitedError } from '../auth.errors.js';

const WINDOW_MS = 60_000;

/**
 * Counts failures (a refused webhook signature…) in the rate limits' own storage
 * (Redis when REDIS_URL is set, shared by every process and function), one fixed
 * one-minute window per tracker: key `rl:<window>:<tracker>` under CACHE_KEY_PREFIX.
 */
@Injectable()
export class FailureLimiter {
  constructor(@Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage) {}

  /** Counts one failure for each tracker; throws RateLimitedError (429 with Retry-After) when any is past `limitPerMinute`. */
  async count(window: string, trackers: readonly string[], limitPerMinute: number): Promise<void> {
    const records = await Promise.all(
      trackers.map((tracker) => this.storage.increment(`rl:${window}:${tracker}`, WINDOW_MS, limitPerMinute, WINDOW_MS, window)),
    );
    const blocked = records.filter((r) => r.isBlocked);
    if (blocked.length) throw new RateLimitedError(Math.max(1, ...blocked.map((r) => r.timeToBlockExpire)));
  }
}
