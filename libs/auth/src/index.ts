export type { Principal, AuthenticatedRequest } from './principal.js';
export { CurrentPrincipal } from './decorators/current-principal.decorator.js';
export { RequirePermissions } from './decorators/require-permissions.decorator.js';
export { Public } from './decorators/public.decorator.js';
export { AuthModule } from './auth.module.js';
export { UnauthenticatedError, MissingPermissionError, RateLimitedError } from './auth.errors.js';
export { ROLES, ROLE_PERMISSIONS, permissionsForRole, roleLabel } from './roles.js';
export type { Role } from './roles.js';
