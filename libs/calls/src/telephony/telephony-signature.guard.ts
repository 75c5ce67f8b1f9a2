import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Clock, type RawBodyRequest } from '#switchboard/common';
import type { ConfigType } from '#switchboard/config';
import { telephonyConfig } from './telephony.config.js';
import { TelephonySignatureError } from './telephony.errors.js';
import { verifyTelephonySignature } from './telephony-signature.js';

/**
 * Admits a webhook only with a valid HMAC signature over the raw body bytes. A guard
 * runs before the validation pipe, so an unsigned request is 401 whatever its body.
 */
@Injectable()
export class TelephonySignatureGuard implements CanActivate {
  constructor(
    @Inject(telephonyConfig.KEY) private readonly cfg: ConfigType<typeof telephonyConfig>,
    private readonly clock: Clock,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<RawBodyRequest>();
    const raw = req.headers['x-switchboard-signature'];
    const header = Array.isArray(raw) ? raw.join(',') : raw;
    const now = Math.floor(this.clock.now().getTime() / 1000);
    // express.json() leaves rawBody unset for an empty body: that is signed as "".
    const verdict = verifyTelephonySignature(header, req.rawBody ?? Buffer.alloc(0), this.cfg.secrets, now, this.cfg.toleranceSeconds);
    if (verdict !== 'valid') throw new TelephonySignatureError(verdict);
    return true;
  }
}
