import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '@switchboard/common';
import { UnauthenticatedError } from '../auth.errors.js';
import type { VerifiedToken } from './jwt.strategy.js';

/** jsonwebtoken's failures, in words a client can act on (no internals). */
function toError(info: unknown): DomainError {
  if (info instanceof DomainError) return info;
  const name = (info as Error | undefined)?.name;
  const message = (info as Error | undefined)?.message ?? '';
  if (name === 'TokenExpiredError') return new UnauthenticatedError('The token has expired.', 'AUTH.TOKEN_EXPIRED');
  if (name === 'NotBeforeError') return new UnauthenticatedError('The token is not valid yet.', 'AUTH.TOKEN_NOT_YET_VALID');
  if (message === 'No auth token') return new UnauthenticatedError('A bearer token is required.', 'AUTH.MISSING_TOKEN');
  if (/audience/.test(message)) return new UnauthenticatedError('The token is for another audience.');
  if (/issuer/.test(message)) return new UnauthenticatedError('The token is from another issuer.');
  return new UnauthenticatedError('The token is not valid.');
}

/** passport-jwt behind Nest's AuthGuard, with our 401 problem details instead of its errors. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  override handleRequest<T = VerifiedToken>(err: unknown, user: unknown, info: unknown): T {
    if (err || !user) throw toError(err ?? info);
    return user as T;
  }
}
