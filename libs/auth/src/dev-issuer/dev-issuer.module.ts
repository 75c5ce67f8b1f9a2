import { forwardRef, Global, Module } from '@nestjs/common';
import { LOCAL_SIGNING_KEYS } from '../jwt/signing-keys.js';
import { devIssuerIsOn } from './dev-issuer-on.js';
import { DevIssuerController } from './dev-issuer.controller.js';
import { DevIssuer } from './dev-issuer.service.js';

/** The dev issuer itself: its `/dev` endpoints, and the local keys tokens are verified against. */
@Global()
@Module({
  controllers: [DevIssuerController],
  providers: [DevIssuer, { provide: LOCAL_SIGNING_KEYS, useExisting: DevIssuer }],
  exports: [LOCAL_SIGNING_KEYS],
})
class DevIssuerOnModule {}

/** What the app gets when a real issuer is configured: no `/dev` routes at all. */
@Module({})
class DevIssuerOffModule {}

/**
 * The dev token issuer (laptops, the compose stack, tests), mounted only when
 * it is on: with a real issuer configured (always in production) the app has
 * no `/dev` routes, so `POST /dev/token` is an unrouted 404 that never reads
 * or validates a body. The one-process server adds it to the platform
 * (`PlatformModule.forRoot({ devIssuer: DevIssuerModule })`). A Lambda never
 * runs it (production refuses the dev issuer), so its bundle leaves it out.
 *
 * Decided when the app is created, not when this file is imported: the
 * forward reference is resolved as Nest scans the modules, after `.env` is
 * loaded and after a test has set the settings of the app it starts.
 */
@Module({ imports: [forwardRef(() => (devIssuerIsOn() ? DevIssuerOnModule : DevIssuerOffModule))] })
export class DevIssuerModule {}
