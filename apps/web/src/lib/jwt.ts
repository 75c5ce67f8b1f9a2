/** The claims the console reads from an access token (never trusted: the API verifies). */
export interface TokenClaims {
  sub?: string;
  exp?: number;
  permissions: string[];
  roles: string[];
  raw: Record<string, unknown>;
}

function base64UrlDecode(segment: string): string {
  const b64 = segment
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const binary = atob(b64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  return [];
}

/**
 * Reads a JWT's payload to decide what to show (e.g. the supervisor view).
 * Permissions come from `permissions` and from a space-separated `scope`, as the API counts them.
 */
export function readClaims(token: string, names: { permissions?: string; roles?: string } = {}): TokenClaims {
  let raw: Record<string, unknown> = {};
  try {
    raw = JSON.parse(base64UrlDecode(token.split('.')[1] ?? '')) as Record<string, unknown>;
  } catch {
    raw = {};
  }
  const permissions = new Set([...stringList(raw[names.permissions ?? 'permissions']), ...stringList(raw.scope)]);
  const rolesKey = names.roles ?? 'roles';
  const roles = stringList(raw[rolesKey] ?? Object.entries(raw).find(([k]) => k.endsWith('/roles'))?.[1]);
  return {
    sub: typeof raw.sub === 'string' ? raw.sub : undefined,
    exp: typeof raw.exp === 'number' ? raw.exp : undefined,
    permissions: [...permissions],
    roles,
    raw,
  };
}
