import { assertSafeInput, MAX_BULK_INPUT_ITEMS, MAX_INPUT_ITEMS, type RawBodyRequest } from '#switchboard/common';
import express, { type RequestHandler } from 'express';

/** Body limits: one for every route, larger ones for the routes (by path prefix) that take big bodies. */
export interface BodyLimitOptions {
  /** Largest JSON body on every route without its own limit. */
  bodyLimit: string;
  /** Routes (by path prefix) that take larger bodies, e.g. `{ '/v1/contact-imports': '5mb' }`. */
  routeBodyLimits?: Record<string, string>;
}

const keepRawBody = (req: RawBodyRequest, _res: unknown, buf: Buffer) => {
  req.rawBody = buf;
};

/** JSON (with the raw bytes kept, for webhook signatures) and CSV or plain text, both within `limit`. */
function parsersFor(limit: string): [RequestHandler, RequestHandler] {
  return [
    express.json({ limit, type: ['application/json', 'application/*+json'], verify: keepRawBody }),
    express.text({ limit, type: ['text/csv', 'text/plain'] }),
  ];
}

/**
 * The limits of each route, worked out once: the returned function runs on every
 * request's path. A route with a body limit of its own is a bulk route (the
 * contact imports): its arrays may be as long as MAX_BULK_INPUT_ITEMS.
 */
function limitOf(options: BodyLimitOptions): (path: string) => { bytes: string; maxItems: number } {
  const routes = Object.entries(options.routeBodyLimits ?? {}).map(([prefix, limit]) => ({ prefix, under: `${prefix}/`, limit }));
  return (path) => {
    const route = routes.find((r) => path === r.prefix || path.startsWith(r.under));
    return route ? { bytes: route.limit, maxItems: MAX_BULK_INPUT_ITEMS } : { bytes: options.bodyLimit, maxItems: MAX_INPUT_ITEMS };
  };
}

/**
 * Parses JSON and text bodies within the route's limit (413 past it, 400 for
 * malformed JSON, through the problem-details error handler), then refuses a
 * body or query that is unsafe to process (`assertSafeInput`) before routing.
 * Any other body stays unread: the content-type guard answers 415.
 */
export function bodyParsing(options: BodyLimitOptions): RequestHandler {
  const limitFor = limitOf(options);
  const parsers = new Map<string, [RequestHandler, RequestHandler]>();
  const parsersOf = (limit: string) => parsers.get(limit) ?? parsers.set(limit, parsersFor(limit)).get(limit)!;
  return (req, res, next) => {
    const limits = limitFor(req.path);
    const [json, text] = parsersOf(limits.bytes);
    json(req, res, (err?: unknown) => {
      if (err) return next(err);
      text(req, res, (error?: unknown) => {
        if (error) return next(error);
        try {
          assertSafeInput(req.body, limits);
          assertSafeInput(req.query);
          next();
        } catch (unsafe) {
          next(unsafe);
        }
      });
    });
  };
}
