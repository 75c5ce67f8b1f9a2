import type { INestApplication } from '@nestjs/common';
import { createHttpApp } from '@switchboard/platform';
import { AppModule } from './app.module.js';
import { setupOpenApi } from './openapi.js';

/**
 * Builds the one-process server, fully configured but not listening.
 * `main.ts` and the e2e tests both start from here, so tests see what users run.
 */
export async function createApiApp(): Promise<INestApplication> {
  const app = await createHttpApp(AppModule);
  setupOpenApi(app);
  return app;
}
