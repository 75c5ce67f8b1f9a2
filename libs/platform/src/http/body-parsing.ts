import { assertSafeInput, assertSafeJson, type InputLimits, MAX_BULK_INPUT_ITEMS, MAX_INPUT_ITEMS, type RawBodyRequest } from '#switchboard/common';
import express, { type RequestHandler } from 'express';

/** Body limits: one for every route, larger ones for the routes (by path prefix) that take big bodies. */
export interface BodyLimitOptions {
  /** Largest JSON body on every route without its own limit. */
  bodyLimit: string;
  /** Routes (by path prefix) that take larger bodies, e.g. `{ '/v1/contact-imports': '5mb' }`. */
  routeBodyLimits?: Record<string, string>;
}

/**
 * Keeps the raw bytes (for webhook signatures) and refuses JSON too wide or deep
 * before it is parsed: parsing alone is what a hostile body makes slow.
 */
function checkRawJson(limits: InputLimits) {
  return (req: RawBodyRequest, _res: unknown, buf: Buffer, encoding: string) => {
    req.rawBody = buf;
    const utf8 = encoding === 'utf-8' ? buf : utf8Of(buf, encoding);
    // A charset Node cannot decode is left to the parser and the check after it.
    if (utf8) assertSafeJson(utf8, limits);
  };
}

function utf8Of(buf: Buffer, encoding: string): Buffer | undefined {
  try {
    return Buffer.from(new TextDecoder(encoding).decode(buf));
  } catch {
    return undefined;
  }
}

/** JSON (with the raw bytes kept) and CSV or plain text, both within `limit`. */
function parsersFor(limit: string, limits: InputLimits): [RequestHandler, RequestHandler] {
  return [
    express.json({ limit, type: ['application/json', 'application/*+json'], verify: checkRawJson(limits) }),
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
  const parsersOf = ({ bytes, maxItems }: { bytes: string; maxItems: number }) => {
    const key = `${bytes} ${maxItems}`;
    return parsers.get(key) ?? parsers.set(key, parsersFor(bytes, { maxItems })).get(key)!;
  };
  return (req, res, next) => {
    const limits = limitFor(req.path);
    const [json, text] = parsersOf(limits);
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
