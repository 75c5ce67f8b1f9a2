import { ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem.js';
import { toProblem } from '../errors/to-problem.js';

/** Node's request (Express) or Fastify's: both carry the id the request log gave them. */
type Req = Pick<IncomingMessage, 'url'> & { id?: string | number; originalUrl?: string };

/** Sends a problem-details response with plain Node APIs (the same on both adapters). */
export function sendProblem(err: unknown, req: Req, res: ServerResponse, logger: Logger): void {
  const { body, headers } = toProblem(err);
  if (body.status >= 500) logger.error({ err, reqId: req.id }, body.detail);
  body.instance = req.originalUrl ?? req.url;
  if (req.id !== undefined) body.requestId = String(req.id);
  if (res.headersSent) return void res.end();
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.statusCode = body.status;
  res.setHeader('Content-Type', PROBLEM_CONTENT_TYPE);
  res.end(JSON.stringify(body));
}

/** What Nest hands a filter on Fastify instead of Node's response. */
interface FastifyReplyLike {
  raw: ServerResponse;
  hijack(): unknown;
  getHeaders(): Record<string, number | string | string[] | undefined>;
}

/**
 * Node's response, on either adapter. A Fastify reply is taken over
 * (`hijack`) after its headers (`@Header()`, Fastify's own) are copied to
 * Node's, so the problem is written the same way on both.
 */
function nodeResponseOf(res: ServerResponse | FastifyReplyLike): ServerResponse {
  if (!('hijack' in res)) return res;
  if (!res.raw.headersSent) for (const [name, value] of Object.entries(res.getHeaders())) if (value !== undefined) res.raw.setHeader(name, value);
  res.hijack();
  return res.raw;
}

/** The one exception filter: every error leaves as RFC 9457 problem details. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(err, http.getRequest<Req>(), nodeResponseOf(http.getResponse<ServerResponse | FastifyReplyLike>()), this.logger);
  }
}

/** Express error middleware for failures before routing (body too large, bad JSON). */
export function problemDetailsErrorHandler() {
  const logger = new Logger('Problem');
  return (err: unknown, req: Req, res: ServerResponse, _next: unknown) => sendProblem(err, req, res, logger);
}
