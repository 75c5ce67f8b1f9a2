import { bool, defineConfig, isProduction, type Parser, setting } from '#switchboard/config';

/**
 * `true` or `false`; unset: on outside production, off in production, where
 * whoever reaches the port could otherwise read what it exposes.
 */
function onOutsideProduction(): Parser<boolean> {
  const self: Parser<boolean> = { parse: (raw) => (raw === undefined ? !isProduction() : bool().parse(raw)), optional: () => self };
  return self;
}

/** What the one-process server exposes besides the API (issue 20, item 8). */
export const apiConfig = defineConfig('api', {
  /** Prometheus metrics at /metrics. */
  metricsEnabled: setting('METRICS_ENABLED', onOutsideProduction()),
  /** The OpenAPI UI at /docs and its JSON at /docs-json. */
  docsEnabled: setting('API_DOCS_ENABLED', onOutsideProduction()),
});
