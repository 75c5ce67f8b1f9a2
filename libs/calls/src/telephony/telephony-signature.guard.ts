import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { FailureLimiter } from '#switchboard/auth';
import { Clock, type RawBodyRequest } from '#switchboard/common';
import type { ConfigType } from '#switchboard/config';
import { TelephonySignatureVerifier } from './telephony-signature.verifier.js';
import { telephonyConfig } from './telephony.config.js';

/**
 * Admits a webhook only with a valid signature over the raw body bytes, by a key of
 * the event's tenant. A guard runs before the validation pipe, so an unsigned
 * request is 401 whatever its body. Each refused signature counts against the
 * sender's IP and the tenant it claimed (TELEPHONY_INVALID_SIGNATURES_PER_MINUTE):
 * past the limit the answer is 429, and valid signatures are never counted.
 */
@Injectable()
export class TelephonySignatureGuard implements CanActivate {
  constructor(
    @Inject(telephonyConfig.KEY) private readonly cfg: ConfigType<typeof telephonyConfig>,
    private readonly verifier: TelephonySignatureVerifier,
    private readonly limiter: FailureLimiter,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<RawBodyRequest & { ip?: string }>();
    const raw = req.headers['x-switchboard-signature'];
    const header = Array.isArray(raw) ? raw.join(',') : raw;
    // express.json() leaves rawBody unset for an empty body: that is signed as "".
    const body = req.rawBody ?? Buffer.alloc(0);
    const claimedTenant = claimedTenantOf(body);
    try {
      await this.verifier.verify(header, body, claimedTenant, Math.floor(this.clock.now().getTime() / 1000));
      return true;
    } catch (err) {
      const trackers = [`ip:${req.ip ?? 'unknown'}`, ...(claimedTenant ? [`tenant:${claimedTenant.length}:${claimedTenant}`] : [])];
      await this.limiter.count('telephony-signature', trackers, this.cfg.invalidSignaturesPerMinute);
      throw err;
    }
  }
}

/** The `tenantId` the body claims, when it is a JSON object with a string one. */
function claimedTenantOf(body: Buffer): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    const tenantId = parsed && typeof parsed === 'object' ? (parsed as { tenantId?: unknown }).tenantId : undefined;
    return typeof tenantId === 'string' ? tenantId : undefined;
  } catch {
    return undefined;
  }
}
