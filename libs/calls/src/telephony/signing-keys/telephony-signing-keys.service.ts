import { Injectable } from '@nestjs/common';
import { Clock, SecretSealer } from '#switchboard/common';
import { randomBytes } from 'node:crypto';
import { SigningKeyLimitError, SigningKeyNotFoundError } from '../telephony.errors.js';
import type { TelephonySigningKey } from './telephony-signing-key.entity.js';
import { TelephonySigningKeysRepository } from './telephony-signing-keys.repository.js';
import { signingKeySealContext } from './telephony-signing-secrets.js';

/** Keys a tenant may hold at once: the current one and, during a rotation, its successor. */
export const MAX_ACTIVE_SIGNING_KEYS = 2;

/** A key as just created: the only moment its secret is shown. */
export interface CreatedSigningKey {
  key: TelephonySigningKey;
  secret: string;
}

/** `whk_` and 16 base64url characters (12 random bytes), as `create` makes them. */
const KEY_ID_SHAPE = /^whk_[\w-]{16}$/;

/** The admin side of a tenant's webhook signing keys: create, list, revoke (rotation is create, switch, revoke). */
@Injectable()
export class TelephonySigningKeysService {
  constructor(
    private readonly keys: TelephonySigningKeysRepository,
    private readonly sealer: SecretSealer,
    private readonly clock: Clock,
  ) {}

  /** A new key with a fresh secret; 409 when the tenant already holds two active keys. */
  create(tenantId: string, createdBy: string | null): Promise<CreatedSigningKey> {
    return this.keys.withTenantLock(tenantId, async (manager) => {
      if ((await this.keys.active(tenantId, manager)).length >= MAX_ACTIVE_SIGNING_KEYS) throw new SigningKeyLimitError(MAX_ACTIVE_SIGNING_KEYS);
      const id = `whk_${randomBytes(12).toString('base64url')}`;
      const secret = `whsec_${randomBytes(32).toString('base64url')}`;
      const key: TelephonySigningKey = {
        id,
        tenantId,
        sealedSecret: this.sealer.seal(secret, signingKeySealContext(tenantId, id)),
        createdBy,
        createdAt: this.clock.now(),
        revokedAt: null,
      };
      await this.keys.insert(key, manager);
      return { key, secret };
    });
  }

  /** The tenant's active keys, newest first (never their secrets). */
  list(tenantId: string): Promise<TelephonySigningKey[]> {
    return this.keys.active(tenantId);
  }

  /** Revokes a key at once: signatures made with it are refused from now on. */
  async revoke(tenantId: string, kid: string): Promise<void> {
    // Not the shape of an id this service makes (a NUL byte would even fail in Postgres): no such key.
    if (!KEY_ID_SHAPE.test(kid)) throw new SigningKeyNotFoundError();
    if (!(await this.keys.revoke(tenantId, kid, this.clock.now()))) throw new SigningKeyNotFoundError();
  }
}
