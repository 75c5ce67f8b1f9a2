import { applyDecorators, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import { ValidationError } from '@switchboard/common';

/** `:id` must be a UUID; anything else is a 400 with a field error. */
export const uuidParam = (field = 'id') =>
  new ParseUUIDPipe({ exceptionFactory: () => new ValidationError([{ field, code: 'INVALID_UUID', message: `${field} must be a UUID.` }]) });

/** RFC 9457 problem details, as every error response of the API carries them. */
const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://switchboard.dev/problems/AGENT.NOT_FOUND' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', example: 'AGENT.NOT_FOUND' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['field', 'code', 'message'], properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

/** An error response documented with the problem-details schema. */
export const Problem = (status: number, description: string) =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } } });

/** Bearer auth and the errors every authenticated route can answer. */
export const AuthenticatedRoute = () =>
  applyDecorators(
    ApiBearerAuth(),
    Problem(400, 'Malformed id, body, query or header'),
    Problem(401, 'Missing or invalid token (WWW-Authenticate: Bearer)'),
    Problem(429, 'Rate limited; see Retry-After'),
  );

/** The `ETag` header of a single agent. */
export const ETAG = { ETag: { description: 'W/"<version>"', schema: { type: 'string' } } };
