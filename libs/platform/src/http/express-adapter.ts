import { StreamableFile } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { setResourceHeaders } from '#switchboard/common';
import type { IncomingMessage, ServerResponse } from 'node:http';

type Response = ServerResponse & { req?: IncomingMessage };

/**
 * Nest's Express adapter, adding the resource headers (ETag, Location) to
 * every handler's reply, and writing a plain JSON body itself. A global
 * interceptor added the headers before: the same rule, but it put every
 * request through an rxjs pipeline; and Express's `res.json` → `res.send`
 * (app settings, charset and MIME look-ups, a freshness check) is most of what
 * a reply costs. Together ~5 % of the server's CPU per request under load
 * (docs/benchmarks.md).
 */
export class ResourceHeadersExpressAdapter extends ExpressAdapter {
  override reply(response: Response, body: unknown, statusCode?: number): unknown {
    const status = statusCode ?? response.statusCode;
    setResourceHeaders(response, body, status);
    if (!isPlainJsonReply(response, body)) return super.reply(response, body, statusCode);
    const json = JSON.stringify(body);
    response.statusCode = status;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.setHeader('Content-Length', Buffer.byteLength(json));
    return response.end(json);
  }
}

/**
 * A JSON body (any object but a file stream or an error, which Nest treats
 * apart), with no Content-Type chosen by the handler and no conditional GET
 * to answer (Express's freshness check answers `If-None-Match` with 304):
 * everything else goes through Nest and Express as before.
 */
function isPlainJsonReply(response: Response, body: unknown): boolean {
  if (body === null || typeof body !== 'object' || body instanceof StreamableFile || body instanceof Error) return false;
  const headers = response.req?.headers ?? {};
  return !response.hasHeader('Content-Type') && headers['if-none-match'] === undefined && headers['if-modified-since'] === undefined;
}
