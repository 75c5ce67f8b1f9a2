import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecretSealerModule } from '#switchboard/common';
import { TelephonySigningKey } from './telephony-signing-key.entity.js';
import { TelephonySigningKeysRepository } from './telephony-signing-keys.repository.js';
import { TelephonySigningSecrets } from './telephony-signing-secrets.js';

/** The tenants' webhook signing keys: what the webhook verifies with and the admin API manages. */
@Module({
  imports: [TypeOrmModule.forFeature([TelephonySigningKey]), SecretSealerModule],
  providers: [TelephonySigningKeysRepository, TelephonySigningSecrets],
  exports: [TelephonySigningKeysRepository, TelephonySigningSecrets, SecretSealerModule],
})
export class TelephonySigningKeysCoreModule {}
