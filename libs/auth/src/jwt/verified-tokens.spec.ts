import { VerifiedTokens } from './verified-tokens.js';

const claims = { tenantId: 'acme', sub: 's', permissions: [], roles: [] };

describe('VerifiedTokens', () => {
  it('remembers a verified token for at most a minute', () => {
    const tokens = new VerifiedTokens(30);
    tokens.remember('t', claims, 10_000, 0);
    expect(tokens.get('t', 59_999)).toBe(claims);
    expect(tokens.get('t', 60_000)).toBeUndefined();
  });

  it("never past the token's exp plus the allowed skew", () => {
    const tokens = new VerifiedTokens(30);
    tokens.remember('t', claims, 10, 0); // exp 10 s, skew 30 s
    expect(tokens.get('t', 39_999)).toBe(claims);
    expect(tokens.get('t', 40_000)).toBeUndefined();
  });

  it('does not remember a token already past its exp and skew, nor an unknown one', () => {
    const tokens = new VerifiedTokens(0);
    tokens.remember('t', claims, 5, 5_000);
    expect(tokens.get('t', 5_000)).toBeUndefined();
    expect(tokens.get('other', 0)).toBeUndefined();
  });
});
