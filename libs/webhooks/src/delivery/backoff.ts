/** Longest wait between two attempts. */
export const MAX_BACKOFF_SECONDS = 3600;
/** How long a delivery is retried, and how long a subscription may fail before it is paused. */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Delay before the attempt after `attempts` failed ones: `base·2^(attempts−1)`
 * seconds up to an hour, then between half and all of it at random, so
 * deliveries that failed together do not come back together.
 */
export function backoffMs(attempts: number, baseSeconds: number, random: () => number = Math.random): number {
  const ceiling = Math.min(baseSeconds * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_SECONDS) * 1000;
  return Math.round(ceiling * (0.5 + random() * 0.5));
}
