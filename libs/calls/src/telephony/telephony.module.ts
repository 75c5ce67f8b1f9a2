import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { QueueModule } from '#switchboard/queue';
import { TelephonySignatureGuard } from './telephony-signature.guard.js';
import { telephonyConfig } from './telephony.config.js';
import { TelephonyController } from './telephony.controller.js';
import { TelephonyService } from './telephony.service.js';

/**
 * The provider's webhook (registry entry `telephony`, auth 'hmac'): verifies and
 * enqueues to `call-events`, nothing more, so its function boots without the
 * calls feature's dependencies.
 */
@Module({
  imports: [ConfigModule.forFeature(telephonyConfig), QueueModule.forFeature()],
  controllers: [TelephonyController],
  providers: [TelephonyService, TelephonySignatureGuard],
})
export class TelephonyModule {}
