import { type INestApplication, Logger } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { sendProblem, setResourceHeaders } from '#switchboard/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { HttpOptions, PlumbedAdapter, RequestLog } from '../http/http-plumbing.js';
import { configureFastify } from './configure-fastify.js';

/**
 * Nest's Fastify adapter (the one-process server's default), configured and
 * replying the way the Express adapter does, so both answer one contract:
 * resource headers (ETag, Location) on every handler's reply, 304 for a
 * conditional GET whose ETag still matches, client addresses from
 * X-Forwarded-For, non-strict routing. Route parameters may be as long as
 * Express takes them, so an over-long id meets the same validation (400). A
 * URL the router cannot decode (`%ZZ`) is a 400 in problem details, and the
 * requests that keep-alive clients send while the server closes are still
 * served (Fastify would answer them 503): the graceful shutdown finishes them.
 *
 * The rest of the plumbing is `configureFastify`. Never in a Lambda bundle:
 * serverless-express takes only Express.
 */
export class ResourceHeadersFastifyAdapter extends FastifyAdapter implements PlumbedAdapter {
  constructor() {
    const logger = new Logger('Problem');
    super({
      trustProxy: true,
      return503OnClosing: false,
      routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 8192, compile: true },
      frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
        reply.hijack();
        sendProblem(error, request, reply.raw, logger);
      },
    });
  }

  applyPlumbing(app: INestApplication, requestLog: RequestLog, options: HttpOptions): void {
    configureFastify(app, requestLog, options);
  }

  override reply(response: FastifyReply | ServerResponse, body: unknown, statusCode?: number): FastifyReply {
    if (!('raw' in response)) return super.reply(response, body, statusCode);
    const status = statusCode ?? response.statusCode;
    setResourceHeaders(response.raw, body, status);
    if (status === 200 && isNotModified(response)) return super.reply(response, undefined, 304);
    return super.reply(response, body, statusCode);
  }
}

/**
 * A GET or HEAD whose If-None-Match names the ETag just set (weak comparison),
 * unless the client asks for an end-to-end reload (`Cache-Control: no-cache`,
 * which fetch() adds to every conditional request): Express's freshness check.
 */
function isNotModified(reply: FastifyReply): boolean {
  const { headers, method } = reply.request;
  const condition = headers['if-none-match'];
  if (condition === undefined || (method !== 'GET' && method !== 'HEAD')) return false;
  if (/(?:^|,)\s*no-cache\s*(?:,|$)/.test(headers['cache-control'] ?? '')) return false;
  const etag = reply.raw.getHeader('ETag');
  if (typeof etag !== 'string') return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return condition.trim() === '*' || condition.split(',').some((tag) => opaque(tag) === opaque(etag));
}
