import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import helmet from 'helmet';
import type { IncomingMessage } from 'node:http';
import { assertSafeInput } from './input-guard.js';
import { problemDetailsErrorHandler } from './problem-details.filter.js';

export interface HttpOptions {
  /** Largest JSON body on every route without its own limit. */
  bodyLimit: string;
  /** Routes (by path prefix) that take larger bodies, e.g. `{ '/v1/contact-imports': '5mb' }`. */
  routeBodyLimits?: Record<string, string>;
  corsOrigins?: string[];
}

/** The raw bytes of the body, kept for HMAC verification of webhooks. */
export type RawBodyRequest = IncomingMessage & { rawBody?: Buffer };

const keepRawBody = (req: RawBodyRequest, _res: unknown, buf: Buffer) => {
  req.rawBody = buf;
};

/** The 400 a parsed body or query earns before routing (see assertSafeInput), or undefined. */
function unsafe(input: unknown): unknown {
  try {
    assertSafeInput(input);
    return undefined;
  } catch (err) {
    return err;
  }
}

function parsersFor(limit: string) {
  return [
    express.json({ limit, type: ['application/json', 'application/*+json'], verify: keepRawBody }),
    express.text({ limit, type: ['text/csv', 'text/plain'] }),
  ];
}

/**
 * Express-level HTTP plumbing shared by the one-process server and each Lambda:
 * security headers, body parsing with per-route limits, CORS, and the error
 * handler that turns body-parser failures into problem details.
 * Call it before `app.init()`/`listen()`; create the app with `bodyParser: false`.
 */
export function configureHttp(app: INestApplication, options: HttpOptions): void {
  const express_ = app as NestExpressApplication;
  express_.disable('x-powered-by');
  // ETags mean resource versions here (W/"<version>", checked by If-Match);
  // Express's body-hash ETags would muddle that.
  express_.set('etag', false);
  express_.set('trust proxy', true);
  express_.use(helmet({ contentSecurityPolicy: false }));
  if (options.corsOrigins?.length) {
    app.enableCors({ origin: options.corsOrigins, exposedHeaders: ['ETag', 'Location', 'Retry-After', 'X-Request-Id'] });
  }
  const routes = Object.entries(options.routeBodyLimits ?? {}).map(([prefix, limit]) => ({ prefix, parsers: parsersFor(limit) }));
  const defaults = parsersFor(options.bodyLimit);
  express_.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    const parsers = routes.find((r) => req.path === r.prefix || req.path.startsWith(`${r.prefix}/`))?.parsers ?? defaults;
    parsers[0]!(req, res, (err?: unknown) => (err ? next(err) : parsers[1]!(req, res, (error?: unknown) => next(error ?? unsafe(req.body) ?? unsafe(req.query)))));
  });
  express_.use(problemDetailsErrorHandler());
}
