import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { ValidationError } from '../errors/domain-error.js';

/**
 * The version named by an `If-Match: W/"<n>"` header (strong or weak), or
 * undefined when the header is absent. A malformed header is a 400.
 */
export const IfMatch = createParamDecorator((_: unknown, context: ExecutionContext): number | undefined => {
  const header = context.switchToHttp().getRequest<IncomingMessage>().headers['if-match'];
  if (header === undefined || header === '*') return undefined;
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(String(header).trim());
  if (!match) throw new ValidationError([{ field: 'If-Match', code: 'INVALID_ETAG', message: 'If-Match must be an ETag such as W/"3".' }]);
  return Number(match[1]);
});
