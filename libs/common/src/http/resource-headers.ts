import type { IncomingMessage, ServerResponse } from 'node:http';

export const etagOf = (version: number): string => `W/"${version}"`;

/**
 * The headers the API conventions promise, from the body a handler returned:
 * `ETag: W/"<version>"` on a single resource with a version, and `Location`
 * on a 201. Set by the HTTP adapter as it replies (`ResourceHeadersExpressAdapter`),
 * so controllers never set them and no per-request interceptor pipeline runs.
 */
export function setResourceHeaders(res: ServerResponse & { req?: IncomingMessage & { originalUrl?: string } }, body: unknown, status: number): void {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return;
  const resource = body as { id?: unknown; version?: unknown };
  if (typeof resource.version === 'number') res.setHeader('ETag', etagOf(resource.version));
  if (status === 201 && typeof resource.id === 'string') {
    const path = (res.req?.originalUrl ?? res.req?.url ?? '').split('?')[0]!.replace(/\/$/, '');
    res.setHeader('Location', `${path}/${resource.id}`);
  }
}
