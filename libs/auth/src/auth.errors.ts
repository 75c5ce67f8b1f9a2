import { DomainError } from '#switchboard/common';

/** 401: no token, or a token that fails verification. The filter adds `WWW-Authenticate: Bearer`. */
export class UnauthenticatedError extends DomainError {
  constructor(message = 'A valid bearer token is required.', code = 'AUTH.INVALID_TOKEN') {
    super(code, 'unauthenticated', message);
  }
}

/** 403: a valid token without a permission the route needs. */
export class MissingPermissionError extends DomainError {
  constructor(readonly missing: string[]) {
    super('AUTH.MISSING_PERMISSION', 'forbidden', `This operation needs the permission${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`);
  }
}

/** 429 with `Retry-After`: the caller went over its rate limit. */
export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', 'rate_limited', `Too many requests; retry in ${retryAfterSeconds} s.`);
  }
}
