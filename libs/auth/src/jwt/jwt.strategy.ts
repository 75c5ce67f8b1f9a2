import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
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

/**
 * Bearer JWT verification: RS256 only, `iss` and `aud` checked, `exp` and `nbf`
 * with at most AUTH_CLOCK_SKEW_SECONDS of skew. Keys come from the issuer's JWKS
 * (or the dev issuer). The algorithm is checked before any key lookup, so a
 * token with `alg: none` or HS256 never reaches the JWKS.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    keys: SigningKeys,
  ) {
    super({
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
    } as unknown as StrategyOptionsWithoutRequest);
  }

  validate(claims: Record<string, unknown>): VerifiedToken {
    return { claims: principalFromClaims(claims, this.options), exp: claims.exp as number };
  }
}
