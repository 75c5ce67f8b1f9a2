/**
 * RS256 access-token verification by hand: the issuer's JWKS fetched once (and
 * again for an unknown kid, at most every 6 s), `iss`, `aud`, `exp`, `nbf`
 * checked with the same clock skew as the product. Like the product, a token
 * verified in the last minute (never past exp + skew) is remembered, so a
 * reused token costs a map lookup.
 */
import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

export interface Claims {
  tenantId: string;
  sub: string;
  permissions: string[];
  roles: string[];
  name?: string;
  email?: string;
}

export class Unauthenticated extends Error {}

export class TokenVerifier {
  private keys = new Map<string, KeyObject>();
  private lastRefresh = 0;
  private readonly verified = new Map<string, { claims: Claims; until: number }>();

  constructor(
    private readonly jwksUrl: string,
    private readonly issuer: string,
    private readonly audience: string,
    private readonly skewSeconds = 30,
  ) {}

  async refresh(): Promise<void> {
    this.lastRefresh = Date.now();
    const res = await fetch(this.jwksUrl);
    if (!res.ok) throw new Error(`JWKS ${res.status}`);
    const { keys } = (await res.json()) as { keys: (JsonWebKey & { kid?: string })[] };
    this.keys = new Map(keys.filter((k) => k.kid).map((k) => [k.kid!, createPublicKey({ key: k, format: 'jwk' })]));
  }

  async verify(authorization: string | undefined): Promise<Claims & { exp: number }> {
    if (!authorization?.startsWith('Bearer ')) throw new Unauthenticated('A bearer token is required.');
    const token = authorization.slice(7);
    const known = this.verified.get(token);
    if (known && known.until > Date.now()) return known.claims as Claims & { exp: number };
    const claims = await this.verifyToken(token);
    if (this.verified.size >= 5000) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { claims, until: Math.min(Date.now() + 60_000, (claims.exp + this.skewSeconds) * 1000) });
    return claims;
  }

  private async verifyToken(token: string): Promise<Claims & { exp: number }> {
    const [h, p, s] = token.split('.');
    if (!h || !p || !s) throw new Unauthenticated('The token is malformed.');
    let header: { alg?: string; kid?: string };
    let payload: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
      payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    } catch {
      throw new Unauthenticated('The token is malformed.');
    }
    if (header.alg !== 'RS256') throw new Unauthenticated('The token must be signed with RS256.');
    let key = this.keys.get(header.kid ?? '');
    if (!key && Date.now() - this.lastRefresh > 6000) {
      await this.refresh();
      key = this.keys.get(header.kid ?? '');
    }
    if (!key) throw new Unauthenticated('The token is signed by an unknown key.');
    if (!verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) throw new Unauthenticated('The token is not valid.');
    const now = Date.now() / 1000;
    if (payload.iss !== this.issuer) throw new Unauthenticated('The token is from another issuer.');
    const aud = payload.aud;
    if (!(aud === this.audience || (Array.isArray(aud) && aud.includes(this.audience)))) throw new Unauthenticated('The token is for another audience.');
    if (typeof payload.exp !== 'number' || payload.exp + this.skewSeconds < now) throw new Unauthenticated('The token has expired.');
    if (typeof payload.nbf === 'number' && payload.nbf - this.skewSeconds > now) throw new Unauthenticated('The token is not valid yet.');
    const tenantId = payload.org_id;
    if (typeof payload.sub !== 'string' || !payload.sub) throw new Unauthenticated('The token has no subject (sub).');
    if (typeof tenantId !== 'string' || !tenantId || tenantId.length > 255) throw new Unauthenticated('The token has no tenant claim (org_id).');
    const list = (v: unknown) =>
      Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && !!x) : typeof v === 'string' ? v.split(' ').filter(Boolean) : [];
    return {
      exp: payload.exp,
      tenantId,
      sub: payload.sub,
      permissions: [...new Set([...list(payload.permissions), ...list(payload.scope)])],
      roles: list(payload.roles),
      ...(typeof payload.name === 'string' && payload.name.trim() ? { name: payload.name.trim().slice(0, 200) } : {}),
      ...(typeof payload.email === 'string' && payload.email.trim() ? { email: payload.email.trim().slice(0, 200) } : {}),
    };
  }
}
