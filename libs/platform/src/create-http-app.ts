import type { INestApplication, Type } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { NestFactory } from '@nestjs/core';
import { requestLogMiddleware, RootLogger } from '#switchboard/common';
import { appConfig, byteSize, oneOf, readSetting } from '#switchboard/config';
import { ResourceHeadersExpressAdapter } from './express/express-adapter.js';
import type { HttpOptions, PlumbedAdapter } from './http/http-plumbing.js';

/** The HTTP framework under Nest: Fastify for the one-process server by default, Express in each Lambda. */
export type HttpAdapterKind = 'fastify' | 'express';

/** Options every HTTP app is created with: our own body parsers replace Nest's. */
// Nest's own logger stays silent until the RootLogger takes over, so a failed start-up
// prints only its cause (one line for a bad setting).
export const HTTP_APP_OPTIONS = { bufferLogs: true, logger: false, bodyParser: false, abortOnError: false } as const;

/** HTTP_ADAPTER, or Fastify when unset. */
export function httpAdapterKind(): HttpAdapterKind {
  return readSetting('HTTP_ADAPTER', oneOf(['fastify', 'express'], 'expected fastify or express').optional()) ?? 'fastify';
}

/**
 * A new adapter of that kind. Fastify's is loaded on demand: the Lambda
 * bundles run on Express (serverless-express) and leave it out.
 */
export async function createHttpAdapter(kind: HttpAdapterKind): Promise<AbstractHttpAdapter> {
  if (kind === 'express') return new ResourceHeadersExpressAdapter();
  const { ResourceHeadersFastifyAdapter } = await import('./fastify/fastify-adapter.js');
  return new ResourceHeadersFastifyAdapter();
}

/**
 * Creates a Nest HTTP app with the shared HTTP plumbing (request log, body
 * limits, security headers, CORS, problem details). Not listening yet.
 */
export async function createHttpApp(rootModule: Type, kind: HttpAdapterKind = httpAdapterKind()): Promise<INestApplication> {
  return prepareHttpApp(await NestFactory.create(rootModule, await createHttpAdapter(kind), HTTP_APP_OPTIONS));
}

/** Applies the shared HTTP plumbing to an app created elsewhere (e.g. a testing module) on one of our adapters (`createHttpAdapter`). */
export function prepareHttpApp(app: INestApplication): INestApplication {
  const logger = app.get(RootLogger);
  app.useLogger(logger.nest);
  const cfg = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  const options: HttpOptions = {
    bodyLimit: cfg.bodyLimit,
    routeBodyLimits: { '/v1/contact-imports': readSetting('IMPORT_BODY_LIMIT', byteSize()) },
    corsOrigins: cfg.corsOrigins,
  };
  const adapter = app.getHttpAdapter() as unknown as Partial<PlumbedAdapter>;
  if (!adapter.applyPlumbing) throw new Error('Create the app on createHttpAdapter(): its adapter wires the shared HTTP plumbing');
  adapter.applyPlumbing(app, requestLogMiddleware(logger.lines), options);
  return app;
}
