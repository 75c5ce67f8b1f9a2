import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import type { HeadersObject, SchemaObject } from '@nestjs/swagger';
import { MAX_FIELD_ERRORS, PROBLEM_BASE_URI, PROBLEM_CONTENT_TYPE } from '../errors/problem.js';

/** RFC 9457 problem details, the body of every error response of the API (see `Problem`). */
export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri', example: `${PROBLEM_BASE_URI}VALIDATION` },
    title: { type: 'string', example: 'Bad Request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: 'The request is not valid.' },
    code: { type: 'string', description: 'Stable machine-readable code, e.g. VALIDATION or CONTACT.NOT_FOUND', example: 'VALIDATION' },
    instance: { type: 'string', description: 'The request path', example: '/v1/contacts/42' },
    requestId: { type: 'string', description: 'Correlates with the server logs' },
    errors: {
      type: 'array',
      description: `Field errors, for validation problems: the first ${MAX_FIELD_ERRORS} (then \`truncated\` is true)`,
      items: {
        type: 'object',
        required: ['field', 'code', 'message'],
        properties: {
          field: { type: 'string', example: 'id' },
          code: { type: 'string', example: 'INVALID_UUID' },
          message: { type: 'string', example: 'id must be a UUID.' },
        },
      },
    },
    truncated: { type: 'boolean', description: `Present (true) when there were more than ${MAX_FIELD_ERRORS} field errors` },
  },
};

/** The `ETag: W/"<version>"` header of a response carrying one versioned resource. */
export const ETAG_HEADER: HeadersObject = {
  ETag: {
    description: 'W/"<version>": the resource\'s version; send it back in If-Match to guard a change',
    schema: { type: 'string', example: 'W/"3"' },
  },
};

const problemResponse = (status: number, description: string, headers?: HeadersObject) =>
  ApiResponse({ status, description, headers, content: { [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_SCHEMA } } });

/**
 * Documents one error response of an operation (or of every operation of a
 * controller) as `application/problem+json` with {@link PROBLEM_SCHEMA}. A method's
 * `ApiProblem` replaces its controller's for the same status.
 */
export const ApiProblem = (status: number, description: string): MethodDecorator & ClassDecorator => problemResponse(status, description);

export interface ApiAuthenticatedOptions {
  /** False for routes that need a valid token but no permission: they never answer 403. Default true. */
  permissions?: boolean;
}

/**
 * Bearer authentication and the errors any authenticated operation can answer:
 * 400 (malformed id, body, query or header), 401 (with `WWW-Authenticate: Bearer`),
 * 403 (missing permission) and 429 (with `Retry-After`). Operations refine or add
 * statuses with {@link ApiProblem}.
 */
export const ApiAuthenticated = ({ permissions = true }: ApiAuthenticatedOptions = {}): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiBearerAuth(),
    problemResponse(400, 'Malformed id, body, query or header (VALIDATION with field errors)'),
    problemResponse(401, 'Missing or invalid bearer token; answered with WWW-Authenticate: Bearer', {
      'WWW-Authenticate': { description: 'The scheme to authenticate with', schema: { type: 'string', example: 'Bearer' } },
    }),
    ...(permissions ? [problemResponse(403, 'The token lacks a permission the operation needs (AUTH.MISSING_PERMISSION)')] : []),
    problemResponse(429, 'Rate limited; retry after the Retry-After seconds', {
      'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', example: 12 } },
    }),
  );
