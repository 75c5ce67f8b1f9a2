import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { problemDetailsErrorHandler, type RawBodyRequest } from '#switchboard/common';
import express from 'express';
import { bodyLimits, corsFor, type HttpOptions, securityHeaders, unsafeInput } from '../http/http-plumbing.js';

const keepRawBody = (req: RawBodyRequest, _res: unknown, buf: Buffer) => {
  req.rawBody = buf;
};

function parsersFor(limit: string) {
  return [
    express.json({ limit, type: ['application/json', 'application/*+json'], verify: keepRawBody }),
    express.text({ limit, type: ['text/csv', 'text/plain'] }),
  ];
}

/**
 * The shared HTTP plumbing on Express (the Lambdas, and the one-process server
 * with HTTP_ADAPTER=express): security headers, CORS, body parsing with
 * per-route limits, and the error handler that turns body-parser failures into
 * problem details. Call it before `app.init()`/`listen()`; create the app with
 * `bodyParser: false`.
 */
export function configureExpress(app: INestApplication, options: HttpOptions): void {
  const express_ = app as NestExpressApplication;
  express_.disable('x-powered-by');
  // ETags mean resource versions here (W/"<version>", checked by If-Match);
  // Express's body-hash ETags would muddle that.
  express_.set('etag', false);
  express_.set('trust proxy', true);
  const secure = securityHeaders();
  express_.use((_req: express.Request, res: express.Response, next: express.NextFunction) => {
    secure(res);
    next();
  });
  if (options.corsOrigins?.length) express_.use(corsFor(options.corsOrigins));
  const limits = bodyLimits(options);
  const parsers = new Map<string, ReturnType<typeof parsersFor>>();
  const parsersOf = (limit: string) => parsers.get(limit) ?? parsers.set(limit, parsersFor(limit)).get(limit)!;
  express_.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    const [json, text] = parsersOf(limits.of(req.path).limit);
    json!(req, res, (err?: unknown) => (err ? next(err) : text!(req, res, (error?: unknown) => next(error ?? unsafeInput(req.body, req.query)))));
  });
  express_.use(problemDetailsErrorHandler());
}
