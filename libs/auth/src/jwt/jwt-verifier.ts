import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@switchboard/common';
import type { IncomingMessage } from 'node:http';
import { ExtractJwt, Strategy, type StrategyOptionsWithoutRequest } from 'passport-jwt';
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

function headerOf(rawJwt: string): TokenHeader {
  try {
    const header = JSON.parse(Buffer.from(rawJwt.split('.')[0]!, 'base64url').toString('utf8'));
    if (header && typeof header === 'object') return header as TokenHeader;
  } catch {
    // reported below
  }
  throw new UnauthenticatedError('The token is malformed.');
}

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

/**
 * Bearer JWT verification with passport-jwt: RS256 only, `iss` and `aud`
 * checked, `exp` and `nbf` with at most AUTH_CLOCK_SKEW_SECONDS of skew. Keys
 * come from the issuer's JWKS (or the dev issuer). The algorithm is checked
 * before any key lookup, so `alg: none` or HS256 never reaches the JWKS.
 *
 * The strategy is driven directly rather than registered with passport's
 * process-wide registry, so two apps in one process (tests, a worker beside
 * the server) never verify with each other's issuer.
 */
@Injectable()
export class JwtVerifier {
  private readonly strategy: Strategy;

  constructor(@Inject(AUTH_OPTIONS) options: AuthOptions, keys: SigningKeys) {
    const strategyOptions = {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      algorithms: ['RS256'],
      issuer: options.issuer,
      audience: options.audience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: options.clockSkewSeconds },
      secretOrKeyProvider: (_req: unknown, rawJwt: string, done: (err: unknown, key?: unknown) => void) => {
        let header: TokenHeader;
        try {
          header = headerOf(rawJwt);
          if (header.alg !== 'RS256') throw new UnauthenticatedError('The token must be signed with RS256.');
        } catch (err) {
          return done(err);
        }
        keys.keyFor(header).then(
          (key) => done(null, key),
          (err) => done(err),
        );
      },
      // The typings allow only string or Buffer keys; jsonwebtoken takes KeyObjects too.
    } as unknown as StrategyOptionsWithoutRequest;
    this.strategy = new Strategy(strategyOptions, (claims: Record<string, unknown>, done: (err: unknown, user?: VerifiedToken) => void) => {
      try {
        done(null, { claims: principalFromClaims(claims, options), exp: claims.exp as number });
      } catch (err) {
        done(err);
      }
    });
  }

  /** The request's bearer token, verified; rejects with a 401 (or 503 when keys cannot be fetched). */
  verify(req: IncomingMessage): Promise<VerifiedToken> {
    return new Promise((resolve, reject) => {
      // What passport.authenticate() does: a per-request copy with the outcome callbacks.
      const attempt = Object.create(this.strategy) as Strategy & Record<'success' | 'fail' | 'error' | 'pass' | 'redirect', (arg?: unknown) => void>;
      attempt.success = (user) => resolve(user as VerifiedToken);
      attempt.fail = (info) => reject(toError(info));
      attempt.error = (err) => reject(toError(err));
      attempt.pass = () => reject(toError(undefined));
      attempt.redirect = () => reject(toError(undefined));
      attempt.authenticate(req as never, {});
    });
  }
}
