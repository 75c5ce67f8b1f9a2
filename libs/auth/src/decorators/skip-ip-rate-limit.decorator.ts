import { SkipThrottle } from '@nestjs/throttler';

/**
 * A public route whose callers are not counted per IP: one that proves who
 * calls it some other way (a signature) and takes traffic from a few addresses.
 * The throttler's own skip, for the `ip` window of `rateLimitOptions`.
 */
export const SkipIpRateLimit = (): MethodDecorator & ClassDecorator => SkipThrottle({ ip: true });
