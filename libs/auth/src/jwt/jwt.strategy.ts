import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { IncomingMessage } from 'node:http';
import type { KeyObject } from 'node:crypto';
import passport from 'passport';
import { Strategy, type StrategyOptions, type VerifyCallback } from 'passport-jwt';
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

/** The request's bearer token (`Authorization: Bearer <token>`), or null. */
export function bearerToken(req: Pick<IncomingMessage, 'headers'>): string | null {
  return BEARER.exec(req.headers.authorization ?? '')?.[1] ?? null;
}

function headerOf(rawJwt: string): TokenHeader {
  try {
    const header: unknown = JSON.parse(Buffer.from(rawJwt.split('.')[0]!, 'base64url').toString('utf8'));
    if (header && typeof header === 'object') return header as TokenHeader;
  } catch {
    // reported below
  }
  throw new UnauthenticatedError('The token is malformed.');
}

/** The key that verifies a token; the algorithm is checked first, so `alg: none` or HS256 never reaches the JWKS. */
async function verificationKey(keys: SigningKeys, rawJwt: string): Promise<KeyObject> {
  const header = headerOf(rawJwt);
  if (header.alg !== 'RS256') throw new UnauthenticatedError('The token must be signed with RS256.');
  return keys.keyFor(header);
}

let strategies = 0;

/**
 * Passport keeps one strategy registry per process, and two apps in one
 * process (tests) must never verify with each other's issuer, audience or
 * keys. So each strategy is registered under its issuer plus a number unique
 * in the process, and leaves the registry when its app shuts down.
 */
function strategyName(issuer: string): string {
  strategies += 1;
  return `jwt ${issuer} #${strategies}`;
}

/** passport-jwt's strategy always calls itself 'jwt'; this one takes the name it is given. */
class NamedJwtStrategy extends Strategy {
  constructor(name: string, options: StrategyOptions & { passReqToCallback?: false }, verify: VerifyCallback) {
    super(options, verify);
    this.name = name;
  }
}

/**
 * Bearer JWTs verified by passport-jwt (jsonwebtoken): RS256 only, `iss` and
 * `aud` checked, `exp` and `nbf` with at most AUTH_CLOCK_SKEW_SECONDS of
 * skew. Keys come from the issuer's JWKS cache (`RemoteSigningKeys`: unknown
 * `kid`s refresh it at a bounded rate, an unreachable issuer answers 503) or
 * from the dev issuer. Yields the caller's claims; `AccessGuard` does the rest.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(NamedJwtStrategy) implements OnApplicationShutdown {
  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    keys: SigningKeys,
  ) {
    super(strategyName(options.issuer), {
      jwtFromRequest: bearerToken,
      secretOrKeyProvider: (_req: unknown, rawJwt: string, done: (err: unknown, key?: Buffer) => void) =>
        // jsonwebtoken 9 verifies with a KeyObject as it is (a PEM would be parsed
        // again for every token); @types/passport-jwt only names strings and Buffers.
        void verificationKey(keys, rawJwt).then((key) => done(null, key as unknown as Buffer), done),
      algorithms: ['RS256'],
      issuer: options.issuer,
      audience: options.audience,
      // The only way to hand jsonwebtoken a clock tolerance (passport-jwt's README).
      jsonWebTokenOptions: { clockTolerance: options.clockSkewSeconds },
    });
  }

  /** Called with the verified payload. jsonwebtoken accepts a token without `exp`: `principalFromClaims` does not. */
  validate(payload: Record<string, unknown>): VerifiedToken {
    return { claims: principalFromClaims(payload, this.options), exp: payload.exp as number };
  }

  onApplicationShutdown(): void {
    passport.unuse(this.name);
  }
}
