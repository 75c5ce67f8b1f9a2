import type { INestApplication } from '@nestjs/common';
import { resolveSecurityHeaders } from '@nestjs/core/security/security-headers.js';
import { assertSafeInput, type LoggedRequest } from '#switchboard/common';
import bytes from 'bytes';
import cors from 'cors';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The HTTP plumbing both adapters share, as plain Node functions: each adapter
 * (express/, fastify/) wires them in its own way, so the two answer alike.
 */
export interface HttpOptions {
  /** Largest JSON body on every route without its own limit. */
  bodyLimit: string;
  /** Routes (by path prefix) that take larger bodies, e.g. `{ '/v1/contact-imports': '5mb' }`. */
  routeBodyLimits?: Record<string, string>;
  corsOrigins?: string[];
}

/** The request log (`requestLogMiddleware`): first on every request, it also sets X-Request-Id. */
export type RequestLog = (req: LoggedRequest, res: ServerResponse, next: () => void) => void;

/**
 * Our adapters (express/, fastify/) wire the shared plumbing into their
 * framework themselves: an app carries only its own adapter's wiring, and a
 * Lambda bundle, on Express, none of Fastify's.
 */
export interface PlumbedAdapter {
  applyPlumbing(app: INestApplication, requestLog: RequestLog, options: HttpOptions): void;
}

/** Headers every response exposes to a browser on another origin. */
export const CORS_EXPOSED_HEADERS = ['ETag', 'Location', 'Retry-After', 'X-Request-Id'];

export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** A body limit as configured (`1mb`) and in bytes. */
export interface BodyLimit {
  limit: string;
  bytes: number;
}

const bodyLimit = (limit: string): BodyLimit => ({ limit, bytes: bytes.parse(limit) ?? 0 });

/**
 * The body limit of each route, worked out once: the returned function takes a
 * path without its query string and runs on every request.
 */
export function bodyLimits(options: HttpOptions): { of(path: string): BodyLimit; largest: number } {
  const routes = Object.entries(options.routeBodyLimits ?? {}).map(([prefix, limit]) => ({ prefix, under: `${prefix}/`, ...bodyLimit(limit) }));
  const fallback = bodyLimit(options.bodyLimit);
  return {
    of: (path) => routes.find((r) => path === r.prefix || path.startsWith(r.under)) ?? fallback,
    largest: Math.max(fallback.bytes, ...routes.map((r) => r.bytes)),
  };
}

/** The 400 a parsed body or query earns before routing (see assertSafeInput), or undefined. */
export function unsafeInput(...inputs: unknown[]): unknown {
  try {
    for (const input of inputs) assertSafeInput(input);
    return undefined;
  } catch (err) {
    return err;
  }
}

/**
 * helmet's default security headers but CSP (an API serves no HTML), as Nest
 * resolves them for `app.useSecurityHeaders()`, worked out once: they do not
 * depend on the request, so each response gets the same list in one loop,
 * written by the first middleware (body-parser failures get them too).
 */
export function securityHeaders(): (res: ServerResponse) => void {
  const { headers } = resolveSecurityHeaders({ contentSecurityPolicy: false });
  return (res) => {
    for (const [name, value] of headers) res.setHeader(name, value);
  };
}

/**
 * CORS for the listed origins. Only a request with an `Origin` header can be
 * cross-origin; the others (servers, curl, same-origin GETs) skip the CORS
 * middleware and just get the `Vary: Origin` it would have added. A preflight
 * is answered (204) without calling `next`.
 */
export function corsFor(origins: string[]): Middleware {
  const handle = cors({ origin: origins, exposedHeaders: CORS_EXPOSED_HEADERS });
  return (req, res, next) => {
    if (req.headers.origin !== undefined) return handle(req, res, next);
    res.setHeader('Vary', 'Origin');
    next();
  };
}
