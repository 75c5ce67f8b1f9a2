import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#switchboard/common';
import { errors, jwtVerify } from 'jose';
import type { IncomingMessage } from 'node:http';
import { AUTH_OPTIONS, type AuthOptions } from '../auth-options.js';
import { UnauthenticatedError } from '../auth.errors.js';
import type { Principal } from '../principal.js';
import { principalFromClaims } from './claims.js';
import { SigningKeys, type TokenHeader } from './signing-keys.js';

/** What a verified token yields: the caller, and until when the token is valid. */
export interface VerifiedToken {
  claims: Omit<Principal, 'agentId'>;
  /** `exp` in seconds since the epoch (present: `principalFromClaims` requires it). */
  exp: number;
}

const BEARER = /^bearer\s+(\S+)$/i;

function headerOf(rawJwt: string): TokenHeader {
  try {
    const header = JSON.parse(Buffer.from(rawJwt.split('.')[0]!, 'base64url').toString('utf8'));
    if (header && typeof header === 'object') return header as TokenHeader;
  } catch {
    // reported below
  }
  throw new UnauthenticatedError('The token is malformed.');
}

/** jose's failures, in words a client can act on (no internals). */
function toError(err: unknown): DomainError {
  if (err instanceof DomainError) return err;
  if (err instanceof errors.JWTExpired) return new UnauthenticatedError('The token has expired.', 'AUTH.TOKEN_EXPIRED');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') return new UnauthenticatedError('The token is not valid yet.', 'AUTH.TOKEN_NOT_YET_VALID');
    if (err.claim === 'aud') return new UnauthenticatedError('The token is for another audience.');
    if (err.claim === 'iss') return new UnauthenticatedError('The token is from another issuer.');
  }
  return new UnauthenticatedError('The token is not valid.');
}

/**
 * Bearer JWT verification with jose: RS256 only, `iss` and `aud` checked,
 * `exp` and `nbf` with at most AUTH_CLOCK_SKEW_SECONDS of skew. Keys come from
 * the issuer's JWKS (or the dev issuer). The algorithm is checked before any
 * key lookup, so `alg: none` or HS256 never reaches the JWKS.
 */
@Injectable()
export class JwtVerifier {
  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    private readonly keys: SigningKeys,
  ) {}

  /** The request's bearer token, verified; rejects with a 401 (or 503 when keys cannot be fetched). */
  async verify(req: IncomingMessage): Promise<VerifiedToken> {
    const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
    if (!token) throw new UnauthenticatedError('A bearer token is required.', 'AUTH.MISSING_TOKEN');
    const header = headerOf(token);
    if (header.alg !== 'RS256') throw new UnauthenticatedError('The token must be signed with RS256.');
    const key = await this.keys.keyFor(header);
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['RS256'],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockSkewSeconds,
      });
      return { claims: principalFromClaims(payload, this.options), exp: payload.exp as number };
    } catch (err) {
      throw toError(err);
    }
  }
}
