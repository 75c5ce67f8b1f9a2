import type { INestApplication, Type } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { requestLogMiddleware, RootLogger } from '#switchboard/common';
import { appConfig, byteSize, readSetting, url } from '#switchboard/config';
import { ResourceHeadersExpressAdapter } from './http/express-adapter.js';
import { contentSecurityPolicy } from './http/content-security-policy.js';
import { applyHttpPlumbing } from './http/http-plumbing.js';

/** Options every HTTP app is created with: our own body parsers replace Nest's. */
// Nest's own logger stays silent until the RootLogger takes over, so a failed start-up
// prints only its cause (one line for a bad setting).
export const HTTP_APP_OPTIONS = { bufferLogs: true, logger: false, bodyParser: false, abortOnError: false } as const;

/** The HTTP adapter every app runs on (one-process server, Lambdas, tests): Nest's Express adapter, replying with the resource headers. */
export function createHttpAdapter(): ResourceHeadersExpressAdapter {
  return new ResourceHeadersExpressAdapter();
}

/**
 * Creates a Nest HTTP app with the shared HTTP plumbing (request log, body
 * limits, security headers, CORS, problem details). Not listening yet.
 */
export async function createHttpApp(rootModule: Type): Promise<NestExpressApplication> {
  return prepareHttpApp(await NestFactory.create<NestExpressApplication>(rootModule, createHttpAdapter(), HTTP_APP_OPTIONS));
}

/** Applies the shared HTTP plumbing to an app created elsewhere (e.g. a testing module) on `createHttpAdapter()` with `HTTP_APP_OPTIONS`. */
export function prepareHttpApp(app: INestApplication): NestExpressApplication {
  if (!(app.getHttpAdapter() instanceof ResourceHeadersExpressAdapter)) {
    throw new Error('Create the app on createHttpAdapter(): its replies carry the resource headers (ETag, Location)');
  }
  const express = app as NestExpressApplication;
  const logger = app.get(RootLogger);
  app.useLogger(logger.nest);
  const cfg = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  // Contact and do-not-call imports take bodies up to IMPORT_BODY_LIMIT (50,000 rows fit in 5 MB).
  const importLimit = readSetting('IMPORT_BODY_LIMIT', byteSize());
  applyHttpPlumbing(express, requestLogMiddleware(logger.lines), {
    bodyLimit: cfg.bodyLimit,
    routeBodyLimits: { '/v1/contact-imports': importLimit, '/v1/dnc/imports': importLimit },
    corsOrigins: cfg.corsOrigins,
    trustProxy: cfg.trustProxy,
    contentSecurityPolicy: contentSecurityPolicy({ identityOrigin: readSetting('AUTH_ISSUER_URL', url(['https', 'http']).optional()) }),
  });
  return express;
}
