import type { ErrorKind, FieldError } from './domain-error.js';

/** RFC 9457 problem details, with Switchboard's stable `code` and field errors. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  /** Set when `errors` holds only the first MAX_FIELD_ERRORS of them. */
  truncated?: true;
}

/**
 * Field errors a problem lists at most: enough to fix a form, while a body of
 * thousands of bad fields cannot turn into an answer many times its size.
 */
export const MAX_FIELD_ERRORS = 20;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_BASE_URI = 'https://switchboard.dev/problems/';

export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Default codes for statuses raised outside a domain error (framework, guards). */
const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL',
  503: 'SERVICE_UNAVAILABLE',
};

export function problem(status: number, detail: string, code?: string, errors?: FieldError[]): Problem {
  const stableCode = code ?? CODES[status] ?? `HTTP_${status}`;
  const body: Problem = {
    type: `${PROBLEM_BASE_URI}${stableCode}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code: stableCode,
  };
  if (errors) body.errors = errors.slice(0, MAX_FIELD_ERRORS);
  if (errors && errors.length > MAX_FIELD_ERRORS) body.truncated = true;
  return body;
}
