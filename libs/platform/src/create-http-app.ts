import type { INestApplication, Type } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { configureHttp, PinoNestLogger, requestLogMiddleware, RootLogger } from '@switchboard/common';
import { appConfig, byteSize, readSetting } from '@switchboard/config';
import { ResourceHeadersExpressAdapter } from './http-adapter.js';

/** Options every HTTP app is created with: our own body parsers replace Nest's. */
// Nest's own logger stays silent until pino takes over, so a failed start-up
// prints only its cause (one line for a bad setting).
export const HTTP_APP_OPTIONS = { bufferLogs: true, logger: false, bodyParser: false, abortOnError: false } as const;

/**
 * Creates a Nest HTTP app on the Express adapter with the shared HTTP plumbing
 * (body limits, helmet, CORS, problem details). Not listening yet.
 */
export async function createHttpApp(rootModule: Type): Promise<INestApplication> {
  return prepareHttpApp(await NestFactory.create(rootModule, new ResourceHeadersExpressAdapter(), HTTP_APP_OPTIONS));
}

/** Applies the shared HTTP plumbing to an app created elsewhere (e.g. a testing module). */
export function prepareHttpApp(app: INestApplication): INestApplication {
  const logger = app.get(RootLogger).pino;
  app.useLogger(new PinoNestLogger(logger));
  // First, so that every response carries X-Request-Id, body-parser failures included.
  app.use(requestLogMiddleware(logger));
  const cfg = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  configureHttp(app, {
    bodyLimit: cfg.bodyLimit,
    routeBodyLimits: { '/v1/contact-imports': readSetting('IMPORT_BODY_LIMIT', byteSize()) },
    corsOrigins: cfg.corsOrigins,
  });
  return app;
}
