import { ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem.js';
import { toProblem } from '../errors/to-problem.js';

/** Express's request, with the id the request log gave it. */
type Req = Pick<IncomingMessage, 'url'> & { id?: string | number; originalUrl?: string };

/** Sends a problem-details response with plain Node APIs (the filter and the error middleware alike). */
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

/** The one exception filter: every error leaves as RFC 9457 problem details. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(err, http.getRequest<Req>(), http.getResponse<ServerResponse>(), this.logger);
  }
}

/** Express error middleware for failures before routing (body too large, bad JSON). */
export function problemDetailsErrorHandler() {
  const logger = new Logger('Problem');
  return (err: unknown, req: Req, res: ServerResponse, _next: unknown) => sendProblem(err, req, res, logger);
}
