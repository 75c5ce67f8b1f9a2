import type { IncomingMessage } from 'node:http';

const MATCHED_ROUTE = Symbol('matchedRoute');

type RoutedRequest = IncomingMessage & { [MATCHED_ROUTE]?: string; route?: { path?: string }; baseUrl?: string };

/** Fastify knows the route before any middleware runs; middleware sees only Node's request, so it is noted there. */
export function rememberMatchedRoute(req: IncomingMessage, pattern: string | undefined): void {
  (req as RoutedRequest)[MATCHED_ROUTE] = pattern;
}

/** The route pattern that matched (`/v1/contacts/:id`), on either adapter; undefined for a request no route took. */
export function matchedRoute(req: IncomingMessage): string | undefined {
  const routed = req as RoutedRequest;
  if (routed[MATCHED_ROUTE] !== undefined) return routed[MATCHED_ROUTE];
  return routed.route?.path ? `${routed.baseUrl ?? ''}${routed.route.path}` : undefined;
}
