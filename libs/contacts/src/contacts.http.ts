import { applyDecorators, ParseUUIDPipe } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import { ValidationError } from '@switchboard/common';

/** `:id` must be a UUID; anything else is a 400 with a field error (never a 500 from Postgres). */
export const uuidParam = (field = 'id') =>
  new ParseUUIDPipe({ exceptionFactory: () => new ValidationError([{ field, code: 'INVALID_UUID', message: `${field} must be a UUID.` }]) });

/** RFC 9457 problem details, as every error response of the API carries them. */
export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://switchboard.dev/problems/VALIDATION' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', example: 'VALIDATION' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['field', 'code', 'message'], properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const problem = (status: number, description: string) =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } } });

/** Bearer auth and the errors every authenticated route can answer. */
export const AuthenticatedRoute = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiBadRequestResponse({ description: 'Malformed id, body, query or header', content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } } }),
    ApiUnauthorizedResponse({ description: 'Missing or invalid token', content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } } }),
    ApiForbiddenResponse({ description: 'Missing permission', content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } } }),
    problem(429, 'Rate limited; see Retry-After'),
  );

export const ProblemResponse = problem;
