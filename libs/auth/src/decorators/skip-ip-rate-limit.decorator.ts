import { SetMetadata } from '@nestjs/common';

export const SKIP_IP_RATE_LIMIT = 'switchboard:skip-ip-rate-limit';

/**
 * A public route whose callers are not counted per IP: one that proves who
 * calls it some other way (a signature) and takes traffic from a few addresses.
 */
export const SkipIpRateLimit = (): MethodDecorator & ClassDecorator => SetMetadata(SKIP_IP_RATE_LIMIT, true);
