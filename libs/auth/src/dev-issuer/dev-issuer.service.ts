import { Inject, Injectable } from '@nestjs/common';
import { appConfig, type ConfigType } from '#switchboard/config';
import type { KeyObject } from 'node:crypto';
import { AUTH_OPTIONS, type AuthOptions } from '../auth-options.js';
import { UnauthenticatedError } from '../auth.errors.js';
import { SigningKeys, type TokenHeader } from '../jwt/signing-keys.js';
import { assertDevIssuerAllowed, loadOrCreateDevKeys, mintDevToken, type DevKeys, type DevTokenRequest } from './dev-keys.js';

/**
 * The server as its own token issuer, for laptops and the compose stack: keys
 * in DATA_DIR, created on first use, and verified in-process (no HTTP round trip).
 * Only provided when the dev issuer is on (DevIssuerModule).
 */
@Injectable()
export class DevIssuer extends SigningKeys {
  private keys?: Promise<DevKeys>;

  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {
    super();
  }

  async keyFor(header: TokenHeader): Promise<KeyObject> {
    const keys = await this.load();
    if (header.kid !== undefined && header.kid !== keys.kid) throw new UnauthenticatedError('The token is signed by an unknown key.');
    return keys.publicKey;
  }

  async jwks(): Promise<DevKeys['jwks']> {
    return (await this.load()).jwks;
  }

  async mint(req: DevTokenRequest): Promise<{ accessToken: string; expiresIn: number }> {
    return mintDevToken(await this.load(), this.options, req);
  }

  private load(): Promise<DevKeys> {
    assertDevIssuerAllowed(this.app.nodeEnv);
    this.keys ??= loadOrCreateDevKeys(this.options.dataDir);
    return this.keys;
  }
}
