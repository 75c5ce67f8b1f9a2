import { DomainError } from '#switchboard/common';
import { UnauthenticatedError } from '../auth.errors.js';

/**
 * Why passport-jwt turned a token down, in words a client can act on (no
 * internals). jsonwebtoken's failures are told apart by their documented
 * names and messages; ours (malformed, wrong algorithm, unknown key, JWKS
 * unreachable, missing claims) are already what the client gets.
 */
export function tokenFailure(reason: unknown): DomainError {
  if (reason instanceof DomainError) return reason;
  const { name, message } = reason instanceof Error ? reason : { name: '', message: '' };
  if (name === 'TokenExpiredError') return new UnauthenticatedError('The token has expired.', 'AUTH.TOKEN_EXPIRED');
  if (name === 'NotBeforeError') return new UnauthenticatedError('The token is not valid yet.', 'AUTH.TOKEN_NOT_YET_VALID');
  if (message.startsWith('jwt audience invalid')) return new UnauthenticatedError('The token is for another audience.');
  if (message.startsWith('jwt issuer invalid')) return new UnauthenticatedError('The token is from another issuer.');
  return new UnauthenticatedError('The token is not valid.');
}
