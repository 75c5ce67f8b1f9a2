import { HttpException } from '@nestjs/common';
import { DomainError, ServiceUnavailableError } from './domain-error.js';
import { problem, STATUS_OF_KIND, type Problem } from './problem.js';

export interface ProblemResponse {
  body: Problem;
  headers: Record<string, string>;
}

/**
 * Postgres errors that mean "the database is not reachable right now",
 * refused credentials included (28P01, 28000: a password rotated under a
 * running process, which reads it afresh for its next connection).
 */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '08004', '28P01', '28000']);

function isDatabaseUnavailable(err: any): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = err.code ?? err.driverError?.code;
  if (code && UNAVAILABLE_CODES.has(code)) return true;
  const message = String(err.message ?? '');
  return /Connection terminated|timeout exceeded when trying to connect|Connection refused|the database system is (starting|shutting) down|Client has encountered a connection error/i.test(message);
}

/** A 4xx from the HTTP layer: body-parser's errors (`expose`) and Fastify's own (`FST_…` codes). */
function isClientError(err: any): boolean {
  const status = err?.status ?? err?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 && (err.expose === true || String(err.code ?? '').startsWith('FST_'));
}

/**
 * Maps anything thrown while serving a request to one problem-details response.
 * Used by the Nest exception filter (which also gets Fastify's parser errors)
 * and by the Express error handler that catches body-parser failures before
 * routing, so every path speaks the same shape.
 */
export function toProblem(err: any): ProblemResponse {
  const headers: Record<string, string> = {};
  let body: Problem;
  if (isDatabaseUnavailable(err)) err = new ServiceUnavailableError();

  if (err instanceof DomainError) {
    const status = STATUS_OF_KIND[err.kind];
    body = problem(status, err.message, err.code, err.errors);
    const retryAfter = (err as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
  } else if (err instanceof HttpException) {
    const status = err.getStatus();
    const res = err.getResponse() as string | { message?: string | string[]; code?: string };
    const message = typeof res === 'string' ? res : Array.isArray(res.message) ? res.message.join('; ') : (res.message ?? err.message);
    body = problem(status, message, typeof res === 'object' ? res.code : undefined);
  } else if (err?.type === 'entity.too.large' || err?.status === 413 || err?.statusCode === 413) {
    body = problem(413, `The body is larger than the limit of ${err.limit ?? 'this route'} bytes.`);
  } else if (err?.type === 'entity.parse.failed') {
    body = problem(400, 'The body is not valid JSON.', 'MALFORMED_JSON');
  } else if (err?.type === 'encoding.unsupported' || err?.type === 'charset.unsupported') {
    body = problem(415, String(err.message));
  } else if (isClientError(err)) {
    body = problem(err.status ?? err.statusCode, String(err.message));
  } else {
    body = problem(500, 'An unexpected error occurred.');
  }

  if (body.status === 401 && !headers['WWW-Authenticate']) headers['WWW-Authenticate'] = 'Bearer';
  if (body.status === 503 && !headers['Retry-After']) headers['Retry-After'] = '5';
  if (body.status === 429 && !headers['Retry-After']) headers['Retry-After'] = '60';
  return { body, headers };
}
