import { Inject, Injectable, Logger } from '@nestjs/common';
import { appConfig, type ConfigType } from '#switchboard/config';
import { TelephonySigningSecrets } from './signing-keys/telephony-signing-secrets.js';
import { isFresh, matchingSecret, parseSignatureHeader } from './telephony-signature.js';
import { telephonyConfig } from './telephony.config.js';
import { TelephonySignatureError, TelephonyWrongTenantError } from './telephony.errors.js';

/**
 * Decides whether a webhook speaks for the tenant it names. A signature names its
 * key (`kid=`); the key belongs to one tenant, and an event for any other tenant
 * is refused however valid the HMAC. Outside production only, a signature without
 * a key id may match TELEPHONY_WEBHOOK_SECRET (the development secret, any tenant).
 */
@Injectable()
export class TelephonySignatureVerifier {
  private readonly devSecrets: { secret: string }[];

  constructor(
    @Inject(telephonyConfig.KEY) private readonly cfg: ConfigType<typeof telephonyConfig>,
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
    private readonly secrets: TelephonySigningSecrets,
  ) {
    const production = app.nodeEnv === 'production';
    if (production && cfg.devSecrets?.length) {
      new Logger(TelephonySignatureVerifier.name).warn('TELEPHONY_WEBHOOK_SECRET is ignored in production: each tenant signs with its own keys');
    }
    this.devSecrets = production ? [] : (cfg.devSecrets ?? []).map((secret) => ({ secret }));
  }

  /** Resolves when `header` proves the body comes from `claimedTenant`'s provider; throws a 401 error otherwise. */
  async verify(header: string | undefined, rawBody: Buffer, claimedTenant: string | undefined, nowSeconds: number): Promise<void> {
    const signature = parseSignatureHeader(header);
    if (typeof signature === 'string') throw new TelephonySignatureError(signature);
    if (!isFresh(signature, nowSeconds, this.cfg.toleranceSeconds)) throw new TelephonySignatureError('stale');
    if (signature.kids.length === 0) {
      if (this.devSecrets.length === 0) throw new TelephonySignatureError('unnamed');
      if (!matchingSecret(signature, rawBody, this.devSecrets)) throw new TelephonySignatureError('mismatch');
      return;
    }
    const key = matchingSecret(signature, rawBody, await this.secrets.forKeyIds(signature.kids));
    if (!key) throw new TelephonySignatureError('mismatch');
    // A body without a string tenantId fails validation next (400); any other tenant is not this key's.
    if (claimedTenant !== undefined && claimedTenant !== key.tenantId) throw new TelephonyWrongTenantError();
  }
}
