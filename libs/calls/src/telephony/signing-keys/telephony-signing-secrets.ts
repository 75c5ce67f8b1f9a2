import { Injectable, Logger } from '@nestjs/common';
import { SecretSealer, UnsealError } from '#switchboard/common';
import { TelephonySigningKeysRepository } from './telephony-signing-keys.repository.js';

/** A tenant's signing secret, opened for one verification. */
export interface TenantSigningSecret {
  kid: string;
  tenantId: string;
  secret: string;
}

/** The SecretSealer context of a key's secret: bound to its tenant and id, so a sealed value moved to another row does not open. */
export const signingKeySealContext = (tenantId: string, kid: string) => `telephony-signing-key:${tenantId.length}:${tenantId}/${kid}`;

/** Opens the secrets a webhook's signature names, for the signature guard. */
@Injectable()
export class TelephonySigningSecrets {
  private readonly logger = new Logger(TelephonySigningSecrets.name);

  constructor(
    private readonly keys: TelephonySigningKeysRepository,
    private readonly sealer: SecretSealer,
  ) {}

  /** The active keys among `kids`, each with its tenant; unknown and revoked ids are absent. */
  async forKeyIds(kids: readonly string[]): Promise<TenantSigningSecret[]> {
    if (kids.length === 0) return [];
    const rows = await this.keys.findActive(kids);
    return rows.flatMap((row) => {
      try {
        return [{ kid: row.id, tenantId: row.tenantId, secret: this.sealer.open(row.sealedSecret, signingKeySealContext(row.tenantId, row.id)) }];
      } catch (err) {
        if (!(err instanceof UnsealError)) throw err;
        // Its encryption key left SECRETS_ENCRYPTION_KEYS (or the row was tampered with): it verifies nothing.
        this.logger.error({ kid: row.id, tenantId: row.tenantId }, `signing key cannot be opened: ${err.message}`);
        return [];
      }
    });
  }
}
