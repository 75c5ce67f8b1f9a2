import type { NestExpressApplication } from '@nestjs/platform-express';
import { resolveShape } from '#switchboard/config';
import { createHttpApp } from '#switchboard/platform';
import { apiConfig } from './api.config.js';
import { AppModule } from './app.module.js';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware.js';
import { setupOpenApi } from './openapi.js';
import { WebConsoleMiddleware } from './web/web-console.middleware.js';

/**
 * Builds the one-process server, fully configured but not listening.
 * `main.ts` and the e2e tests both start from here, so tests see what users run.
 */
export async function createApiApp(): Promise<NestExpressApplication> {
  const app = await createHttpApp(AppModule);
  // Plain Express middleware on every request, after the shared plumbing. Not
  // Nest middleware (`configure(consumer)`): mounted on a path, Express hands
  // it a `req.url` stripped of that path, and serve-static reads `req.url`.
  for (const middleware of [app.get(HttpMetricsMiddleware), app.get(WebConsoleMiddleware)]) {
    app.use(middleware.use.bind(middleware));
  }
  // Off by default in production: the document maps every route for whoever asks.
  if (resolveShape(apiConfig.fields).docsEnabled) setupOpenApi(app);
  return app;
}
