import { backoffMs, MAX_BACKOFF_SECONDS } from './backoff.js';

describe('backoffMs', () => {
  it('doubles from the base, between half and all of each step', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 10, () => 1))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 10, () => 0))).toEqual([5_000, 10_000, 20_000, 40_000]);
  });

  it('stops growing at an hour', () => {
    expect(backoffMs(30, 10, () => 1)).toBe(MAX_BACKOFF_SECONDS * 1000);
    expect(backoffMs(1000, 10, () => 1)).toBe(MAX_BACKOFF_SECONDS * 1000);
  });

  it('spreads deliveries that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffMs(3, 10)));
    expect(delays.size).toBeGreaterThan(40);
  });
});
