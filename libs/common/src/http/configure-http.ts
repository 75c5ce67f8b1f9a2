import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cors from 'cors';
import express from 'express';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
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

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/**
 * helmet's headers, worked out once: they do not depend on the request, so
 * each response gets the same list in one loop instead of through helmet's
 * chain of a dozen middleware functions.
 */
function securityHeaders(): Middleware {
  const headers: [string, string][] = [];
  const probe = { setHeader: (name: string, value: string) => headers.push([name, value]), removeHeader: () => undefined };
  helmet({ contentSecurityPolicy: false })({} as IncomingMessage, probe as unknown as ServerResponse, () => undefined);
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

/**
 * CORS for the listed origins. Only a request with an `Origin` header can be
 * cross-origin; the others (servers, curl, same-origin GETs) skip the CORS
 * middleware and just get the `Vary: Origin` it would have added.
 */
function corsFor(origins: string[]): Middleware {
  const handle = cors({ origin: origins, exposedHeaders: ['ETag', 'Location', 'Retry-After', 'X-Request-Id'] });
  return (req, res, next) => {
    if (req.headers.origin !== undefined) return handle(req, res, next);
    res.setHeader('Vary', 'Origin');
    next();
  };
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
  express_.use(securityHeaders());
  if (options.corsOrigins?.length) express_.use(corsFor(options.corsOrigins));
  const routes = Object.entries(options.routeBodyLimits ?? {}).map(([prefix, limit]) => ({ prefix, parsers: parsersFor(limit) }));
  const defaults = parsersFor(options.bodyLimit);
  express_.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    const parsers = routes.find((r) => req.path === r.prefix || req.path.startsWith(`${r.prefix}/`))?.parsers ?? defaults;
    parsers[0]!(req, res, (err?: unknown) => (err ? next(err) : parsers[1]!(req, res, (error?: unknown) => next(error ?? unsafe(req.body) ?? unsafe(req.query)))));
  });
  express_.use(problemDetailsErrorHandler());
}
