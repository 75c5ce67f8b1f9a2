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
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
  '28P01',
  '28000',
]);

/**
 * The fields read from errors that are not ours: pg's and TypeORM's (`code`,
 * `driverError.code`), and body-parser's (`type`, `status`, `expose`, `limit`). Anything may be thrown, so every
 * field is checked before use.
 */
interface ThrownFields {
  code?: unknown;
  driverError?: { code?: unknown } | null;
  message?: unknown;
  type?: unknown;
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  limit?: unknown;
}

function fieldsOf(err: unknown): ThrownFields {
  return err !== null && typeof err === 'object' ? (err as ThrownFields) : {};
}

function isDatabaseUnavailable(err: ThrownFields): boolean {
  const code = err.code ?? err.driverError?.code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  const message = String(err.message ?? '');
  return /Connection terminated|timeout exceeded when trying to connect|Connection refused|the database system is (starting|shutting) down|Client has encountered a connection error/i.test(
    message,
  );
}

/** The status of a 4xx from the HTTP layer: body-parser's errors (`expose`). */
function clientErrorStatus(err: ThrownFields): number | undefined {
  const status = err.status ?? err.statusCode;
  const isClientError = typeof status === 'number' && status >= 400 && status < 500 && err.expose === true;
  return isClientError ? status : undefined;
}

/**
 * Maps anything thrown while serving a request to one problem-details response.
 * Used by the Nest exception filter and by the Express error handler that catches body-parser failures before
 * routing, so every path speaks the same shape.
 */
export function toProblem(thrown: unknown): ProblemResponse {
  const headers: Record<string, string> = {};
  let body: Problem;
  const fields = fieldsOf(thrown);
  // Named in words: the driver's text (`connect ECONNREFUSED 10.0.3.7:5432`) stays in the log.
  const err = isDatabaseUnavailable(fields) ? new ServiceUnavailableError('The database is unavailable; try again shortly.') : thrown;
  const clientStatus = clientErrorStatus(fields);

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
  } else if (fields.type === 'entity.too.large' || fields.status === 413 || fields.statusCode === 413) {
    body = problem(413, `The body is larger than the limit of ${String(fields.limit ?? 'this route')} bytes.`);
  } else if (fields.type === 'entity.parse.failed') {
    body = problem(400, 'The body is not valid JSON.', 'MALFORMED_JSON');
  } else if (fields.type === 'encoding.unsupported' || fields.type === 'charset.unsupported') {
    body = problem(415, String(fields.message));
  } else if (clientStatus !== undefined) {
    body = problem(clientStatus, String(fields.message));
  } else {
    body = problem(500, 'An unexpected error occurred.');
  }

  if (body.status === 401 && !headers['WWW-Authenticate']) headers['WWW-Authenticate'] = 'Bearer';
  if (body.status === 503 && !headers['Retry-After']) headers['Retry-After'] = '5';
  if (body.status === 429 && !headers['Retry-After']) headers['Retry-After'] = '60';
  return { body, headers };
}
