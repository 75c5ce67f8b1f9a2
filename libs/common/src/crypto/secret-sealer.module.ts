import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { type ConfigType, encryptionConfig } from '#switchboard/config';
import { SecretSealer } from './secret-sealer.js';

/** Provides the `SecretSealer` over the SECRETS_ENCRYPTION_KEYS ring; import it where secrets are stored. */
@Module({
  imports: [ConfigModule.forFeature(encryptionConfig)],
  providers: [{ provide: SecretSealer, inject: [encryptionConfig.KEY], useFactory: (cfg: ConfigType<typeof encryptionConfig>) => new SecretSealer(cfg.keys) }],
  exports: [SecretSealer],
})
export class SecretSealerModule {}
