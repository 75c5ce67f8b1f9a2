import type { INestApplication } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { configureHttp } from '@switchboard/common';
import { appConfig, readSetting, byteSize } from '@switchboard/config';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { setupOpenApi } from './openapi.js';

/**
 * Builds the one-process server, fully configured but not listening.
 * `main.ts` and the e2e tests both start from here, so tests see what users run.
 */
export async function createApiApp(): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule, { bufferLogs: true, bodyParser: false, abortOnError: false });
  app.useLogger(app.get(Logger));
  const cfg = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  configureHttp(app, {
    bodyLimit: cfg.bodyLimit,
    routeBodyLimits: { '/v1/contact-imports': readSetting('IMPORT_BODY_LIMIT', byteSize()) },
    corsOrigins: cfg.corsOrigins,
  });
  setupOpenApi(app);
  return app;
}
