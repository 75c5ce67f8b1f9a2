import type { IncomingMessage } from 'node:http';

type RoutedRequest = IncomingMessage & { route?: { path?: string }; baseUrl?: string };

/** The route pattern that matched (`/v1/contacts/:id`), as Express noted it on the request; undefined for a request no route took. */
export function matchedRoute(req: IncomingMessage): string | undefined {
  const { route, baseUrl } = req as RoutedRequest;
  return route?.path ? `${baseUrl ?? ''}${route.path}` : undefined;
}
