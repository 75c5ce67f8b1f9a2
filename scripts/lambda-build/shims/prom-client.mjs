// prom-client in a Lambda bundle. A function has no /metrics endpoint for
// Prometheus to scrape (its metrics go out as EMF through Powertools), so the
// libs' counters and gauges (cache_up, queue messages…) would be counted and
// never read: they become no-ops here, and the 70 KB of prom-client (with its
// OpenTelemetry and process collectors) stay out of every bundle.
class NoopMetric {
  inc() {}
  dec() {}
  set() {}
  observe() {}
  reset() {}
  labels() {
    return this;
  }
  startTimer() {
    return () => 0;
  }
}

export class Counter extends NoopMetric {}
export class Gauge extends NoopMetric {}
export class Histogram extends NoopMetric {}
export class Summary extends NoopMetric {}

export const register = {
  getSingleMetric: () => undefined,
  registerMetric: () => undefined,
  metrics: async () => '',
  contentType: 'text/plain; version=0.0.4; charset=utf-8',
};

export const collectDefaultMetrics = () => undefined;
