import type { INestApplication } from '@nestjs/common';
import { createHttpApp, useNodeMiddleware } from '#switchboard/platform';
import { AppModule } from './app.module.js';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware.js';
import { setupOpenApi } from './openapi.js';
import { WebConsoleMiddleware } from './web/web-console.middleware.js';

/**
 * Builds the one-process server, fully configured but not listening.
 * `main.ts` and the e2e tests both start from here, so tests see what users run.
 */
export async function createApiApp(): Promise<INestApplication> {
  const app = await createHttpApp(AppModule);
  useNodeMiddleware(app, app.get(HttpMetricsMiddleware));
  useNodeMiddleware(app, app.get(WebConsoleMiddleware));
  setupOpenApi(app);
  return app;
}
