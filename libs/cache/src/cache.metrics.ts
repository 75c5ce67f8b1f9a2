import { Counter, Gauge, register } from 'prom-client';

// Several apps may live in one process (tests, a Lambda reusing its container):
// metrics are registered once in the default registry and shared.
function once<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

export const cacheUp = once('cache_up', () => new Gauge({ name: 'cache_up', help: 'Whether the cache store is reachable (1) or bypassed (0)' }));

export const cacheRequests = once(
  'cache_requests_total',
  () => new Counter({ name: 'cache_requests_total', help: 'Cache look-ups by result: hit, miss, or bypass (store unreachable)', labelNames: ['result'] }),
);

export const cacheErrors = once(
  'cache_errors_total',
  () => new Counter({ name: 'cache_errors_total', help: 'Cache store operations that failed and were ignored' }),
);
