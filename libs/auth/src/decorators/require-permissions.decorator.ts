import { SetMetadata } from '@nestjs/common';

export const REQUIRED_PERMISSIONS = 'switchboard:permissions';

/**
 * Permissions a route needs, all of them (on a method, or on a controller for
 * all its routes; both apply when both are set). A missing one answers 403.
 */
export const RequirePermissions = (...permissions: string[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_PERMISSIONS, permissions);
