import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed id, body, query or header (VALIDATION with field errors)',
  401: 'Missing or invalid token',
  403: 'The token lacks the permission',
  404: 'No such campaign in the caller\'s tenant (CAMPAIGN.NOT_FOUND)',
  409: 'Illegal in the campaign\'s current state',
  412: 'If-Match names a stale version',
  415: 'The body is not JSON',
  429: 'Rate limited; see Retry-After',
};

const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://switchboard.dev/problems/CAMPAIGN.NOT_FOUND' },
    title: { type: 'string', example: 'Not Found' },
    status: { type: 'integer', example: 404 },
    detail: { type: 'string' },
    code: { type: 'string', example: 'CAMPAIGN.NOT_FOUND' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['field', 'code', 'message'], properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } },
    },
  },
} as const;

/** Documents the RFC 9457 problem responses an operation may answer with. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...[400, 401, 403, 429, ...statuses].map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status], content: { 'application/problem+json': { schema: PROBLEM_SCHEMA as any } } }),
    ),
  );
}
