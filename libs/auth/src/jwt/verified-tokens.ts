import type { Principal } from '../principal.js';

type Claims = Omit<Principal, 'agentId'>;

const MAX_ENTRIES = 5_000;
const MAX_AGE_MS = 60_000;

/**
 * Tokens that passed verification in the last minute, so a client reusing its
 * token (the common case) costs a map lookup instead of an RSA verification
 * per request. An entry never outlives the token's own `exp` (plus the allowed
 * skew); a key withdrawn from the JWKS stops working within a minute.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { claims: Claims; until: number }>();

  constructor(private readonly skewSeconds: number) {}

  get(token: string, now = Date.now()): Claims | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.until > now) return entry.claims;
    this.entries.delete(token);
    return undefined;
  }

  remember(token: string, claims: Claims, exp: number, now = Date.now()): void {
    const until = Math.min(now + MAX_AGE_MS, (exp + this.skewSeconds) * 1000);
    if (until <= now) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { claims, until });
  }
}
