import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { appConfig } from '#switchboard/config';
import { authConfig } from './auth.config.js';
import { AUTH_OPTIONS, resolveAuthOptions, type AuthOptions } from './auth-options.js';
import { AccessGuard } from './guards/access.guard.js';
import { JwtStrategy } from './jwt/jwt.strategy.js';
import { LOCAL_SIGNING_KEYS, RemoteSigningKeys, SigningKeys } from './jwt/signing-keys.js';
import { AgentProvisioner } from './provisioning/agent-provisioner.js';
import { rateLimitOptions } from './rate-limit/rate-limit.options.js';
import { FailureLimiter } from './rate-limit/failure-limiter.js';
import { RateLimitGuard } from './rate-limit/rate-limit.guard.js';

/**
 * Identity and access for every topology: the JWT guard (passport-jwt) on every
 * route not marked @Public(), permission checks, rate limits (@nestjs/throttler)
 * and agent provisioning. Tokens are verified against the issuer's JWKS, or the
 * dev issuer's keys when the app includes DevIssuerModule.
 * Part of PlatformModule, so each Lambda gets it with its one feature module.
 */
@Global()
@Module({
  imports: [
    ConfigModule.forFeature(authConfig),
    ThrottlerModule.forRootAsync({ imports: [ConfigModule.forFeature(authConfig)], inject: [authConfig.KEY], useFactory: rateLimitOptions }),
  ],
  providers: [
    { provide: AUTH_OPTIONS, inject: [authConfig.KEY, appConfig.KEY], useFactory: resolveAuthOptions },
    {
      provide: SigningKeys,
      inject: [AUTH_OPTIONS, { token: LOCAL_SIGNING_KEYS, optional: true }],
      useFactory: (options: AuthOptions, local?: SigningKeys) => {
        if (options.jwksUrl) return new RemoteSigningKeys({ jwksUrl: options.jwksUrl });
        if (local) return local;
        throw new Error('No token issuer: set AUTH_ISSUER_URL or AUTH_JWKS_URL (this app does not include the dev issuer)');
      },
    },
    JwtStrategy,
    RateLimitGuard,
    FailureLimiter,
    AgentProvisioner,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  // AUTH_OPTIONS for DevIssuerModule, when the app includes it; FailureLimiter for routes that count their own failures.
  exports: [AUTH_OPTIONS, FailureLimiter],
})
export class AuthModule {}
