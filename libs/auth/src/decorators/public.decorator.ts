import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'switchboard:public';

/**
 * Marks a route (or a controller) that needs no token: health, the dev issuer,
 * webhooks authenticated by HMAC. Such routes are rate limited per IP instead.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
