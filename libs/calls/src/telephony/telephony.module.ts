import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { QueueModule } from '#switchboard/queue';
import { TelephonySigningKeysCoreModule } from './signing-keys/telephony-signing-keys-core.module.js';
import { TelephonySignatureGuard } from './telephony-signature.guard.js';
import { TelephonySignatureVerifier } from './telephony-signature.verifier.js';
import { telephonyConfig } from './telephony.config.js';
import { TelephonyController } from './telephony.controller.js';
import { TelephonyService } from './telephony.service.js';

/**
 * The provider's webhook (registry entry `telephony`, auth 'hmac'): verifies the
 * signature with the tenant's signing keys and enqueues to `call-events`, nothing
 * more, so its function boots without the calls feature's dependencies.
 */
@Module({
  imports: [ConfigModule.forFeature(telephonyConfig), TelephonySigningKeysCoreModule, QueueModule.forFeature()],
  controllers: [TelephonyController],
  providers: [TelephonyService, TelephonySignatureVerifier, TelephonySignatureGuard],
})
export class TelephonyModule {}
