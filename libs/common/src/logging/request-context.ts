import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * A request as logging sees it: its id, and its caller once the auth guard has
 * set one (`user`, passport's property; its fields optional because passport's
 * types declare `Express.User` empty).
 */
export interface LoggedRequest {
  id?: string;
  user?: { tenantId?: string; sub?: string };
  readonly method?: string;
  readonly url?: string;
  readonly headers: IncomingHttpHeaders;
}

/** The request being served, for every log line written while serving it. */
export const requestContext = new AsyncLocalStorage<LoggedRequest>();

/**
 * `reqId`, `tenant` and `sub` of the request being served (none outside one).
 * A pino `mixin`: read when a line is written, so the caller authenticated
 * halfway through the request is on every line after that, and a request that
 * logs nothing costs no child logger.
 */
export function requestFields(): Record<string, string> {
  const req = requestContext.getStore();
  if (!req?.id) return {};
  const { tenantId, sub } = req.user ?? {};
  return tenantId && sub ? { reqId: req.id, tenant: tenantId, sub } : { reqId: req.id };
}
