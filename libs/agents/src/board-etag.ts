import { createHash } from 'node:crypto';

/**
 * A weak ETag of a computed body (the agent board), so a supervisor polling
 * every few seconds gets 304 with no body while nothing changed. Lapses are
 * settled before the body is read, so an unchanged body means unchanged states.
 */
export function bodyEtag(body: unknown): string {
  return `W/"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
}

/** Whether an If-None-Match header names `etag` (weak comparison) or is `*`. */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}
