import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest, Principal } from '../principal.js';
import { UnauthenticatedError } from '../auth.errors.js';

/** The caller of the request (set by the auth guard); use on non-public routes. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!principal) throw new UnauthenticatedError('This route needs a bearer token.');
  return principal;
});
