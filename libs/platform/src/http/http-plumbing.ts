import type { NestExpressApplication } from '@nestjs/platform-express';
import { problemDetailsErrorHandler } from '#switchboard/common';
import cors from 'cors';
import type { RequestHandler } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type BodyLimitOptions, bodyParsing } from './body-parsing.js';

export interface HttpOptions extends BodyLimitOptions {
  corsOrigins?: string[];
  /**
   * Express's `trust proxy`: the proxies whose X-Forwarded-For entries name the
   * client (a hop count or addresses/CIDRs, TRUST_PROXY). Unset: none, so
   * `req.ip` is the socket's peer and a client cannot choose its own address.
   */
  trustProxy?: number | string[];
  /** The console's Content-Security-Policy (contentSecurityPolicy()), sent on every response. */
  contentSecurityPolicy?: string;
}

/** A middleware on Node's own request and response (the request log of #switchboard/common). */
type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** Headers every response exposes to a browser on another origin. */
const CORS_EXPOSED_HEADERS = ['ETag', 'Location', 'Retry-After', 'X-Request-Id'];

/**
 * The HTTP conventions every app shares, as Express middleware in this order:
 * the request log (first, so every response carries X-Request-Id, body-parser
 * failures included), helmet's default security headers (no X-Powered-By)
 * with the console's Content-Security-Policy, CORS, body parsing with per-route limits,
 * and the error handler that turns body-parser failures into problem details.
 * Call it before `app.init()`/`listen()`, on an app created with
 * `bodyParser: false`.
 */
export function applyHttpPlumbing(app: NestExpressApplication, requestLog: NodeMiddleware, options: HttpOptions): void {
  app.use(requestLog);
  app.useSecurityHeaders({ contentSecurityPolicy: false });
  // The same policy the stage's CloudFront distribution sends (one definition: content-security-policy.ts).
  const csp = options.contentSecurityPolicy;
  if (csp) app.use((_req: unknown, res: ServerResponse, next: () => void) => (res.setHeader('Content-Security-Policy', csp), next()));
  // ETags mean resource versions here (W/"<version>", checked by If-Match);
  // Express's body-hash ETags would muddle that.
  app.set('etag', false);
  // `true` would take X-Forwarded-For's left-most entry, which the client writes:
  // rotating it would escape every per-IP limit. Only the operator's proxies count.
  app.set('trust proxy', options.trustProxy ?? false);
  if (options.corsOrigins?.length) app.use(corsFor(options.corsOrigins));
  app.use(bodyParsing(options));
  app.use(problemDetailsErrorHandler());
}

/**
 * CORS for the listed origins. Only a request with an `Origin` header can be
 * cross-origin; the others (servers, curl, same-origin GETs) skip the CORS
 * middleware and just get the `Vary: Origin` it would have added. A preflight
 * is answered (204) without calling `next`.
 */
function corsFor(origins: string[]): RequestHandler {
  const handle = cors({ origin: origins, exposedHeaders: CORS_EXPOSED_HEADERS });
  return (req, res, next) => {
    if (req.headers.origin !== undefined) return handle(req, res, next);
    res.setHeader('Vary', 'Origin');
    next();
  };
}
