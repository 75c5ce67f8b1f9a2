import { Global, Module } from '@nestjs/common';
import { LOCAL_SIGNING_KEYS } from '../jwt/signing-keys.js';
import { DevIssuerController } from './dev-issuer.controller.js';
import { DevIssuer } from './dev-issuer.service.js';

/**
 * The dev token issuer (laptops, the compose stack, tests): its `/dev`
 * endpoints, and the local keys tokens are verified against when no real
 * issuer is configured. The one-process server adds it to the platform
 * (`PlatformModule.forRoot({ devIssuer: DevIssuerModule })`). A Lambda never
 * runs it (production refuses the dev issuer), so its bundle leaves it out.
 */
@Global()
@Module({
  controllers: [DevIssuerController],
  providers: [DevIssuer, { provide: LOCAL_SIGNING_KEYS, useExisting: DevIssuer }],
  exports: [LOCAL_SIGNING_KEYS],
})
export class DevIssuerModule {}
