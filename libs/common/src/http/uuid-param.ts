import { ParseUUIDPipe } from '@nestjs/common';
import { ValidationError } from '../errors/domain-error.js';

/**
 * The pipe for a uuid route parameter (`@Param('id', uuidParam())`): anything but a
 * UUID is a 400 VALIDATION problem with an INVALID_UUID field error, and never
 * reaches Postgres as a cast error.
 */
export const uuidParam = (field = 'id'): ParseUUIDPipe =>
  new ParseUUIDPipe({ exceptionFactory: () => new ValidationError([{ field, code: 'INVALID_UUID', message: `${field} must be a UUID.` }]) });
