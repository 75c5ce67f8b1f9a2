import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { appConfig } from '@switchboard/config';
import { authConfig } from './auth.config.js';
import { AUTH_OPTIONS, resolveAuthOptions, type AuthOptions } from './auth-options.js';
import { DevIssuerController } from './dev-issuer/dev-issuer.controller.js';
import { DevIssuer } from './dev-issuer/dev-issuer.service.js';
import { AccessGuard } from './guards/access.guard.js';
import { JwtVerifier } from './jwt/jwt-verifier.js';
import { RemoteSigningKeys, SigningKeys } from './jwt/signing-keys.js';
import { AgentProvisioner } from './provisioning/agent-provisioner.js';
import { RateLimitStorageModule } from './rate-limit/rate-limit-storage.module.js';
import { RateLimitGuard } from './rate-limit/rate-limit.guard.js';

/**
 * Identity and access for every topology: the JWT guard on every route not
 * marked @Public(), permission checks, rate limits and agent provisioning.
 * Part of PlatformModule, so each Lambda gets it with its one feature module.
 */
@Global()
@Module({
  imports: [
    ConfigModule.forFeature(authConfig),
    RateLimitStorageModule,
  ],
  controllers: [DevIssuerController],
  providers: [
    { provide: AUTH_OPTIONS, inject: [authConfig.KEY, appConfig.KEY], useFactory: resolveAuthOptions },
    DevIssuer,
    {
      provide: SigningKeys,
      inject: [AUTH_OPTIONS, DevIssuer],
      useFactory: (options: AuthOptions, dev: DevIssuer) => (options.jwksUrl ? new RemoteSigningKeys({ jwksUrl: options.jwksUrl }) : dev),
    },
    JwtVerifier,
    RateLimitGuard,
    AgentProvisioner,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
})
export class AuthModule {}
