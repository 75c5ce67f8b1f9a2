import { resolveAuthOptions } from './auth-options.js';

type Auth = Parameters<typeof resolveAuthOptions>[0];
type App = Parameters<typeof resolveAuthOptions>[1];
const auth = { audience: 'switchboard-api', tenantClaim: 'org_id', permissionsClaim: 'permissions', rolesClaim: 'roles', clockSkewSeconds: 30 } as Auth;
const dev = { nodeEnv: 'development', port: 3000, dataDir: '.data' } as App;

describe('resolveAuthOptions', () => {
  it('normalises AUTH_ISSUER_URL to end with / and derives the JWKS URL from it', () => {
    expect(resolveAuthOptions({ ...auth, issuerUrl: 'https://acme.us.auth0.com' }, dev)).toMatchObject({
      issuer: 'https://acme.us.auth0.com/',
      jwksUrl: 'https://acme.us.auth0.com/.well-known/jwks.json',
      devIssuer: false,
    });
  });

  it('AUTH_JWKS_URL overrides the derived JWKS URL', () => {
    expect(resolveAuthOptions({ ...auth, issuerUrl: 'https://id.example.com/', jwksUrl: 'https://keys.example.com/jwks' }, dev).jwksUrl).toBe(
      'https://keys.example.com/jwks',
    );
  });

  it('is its own dev issuer at http://localhost:<PORT>/dev/ when AUTH_ISSUER_URL is unset or names that URL', () => {
    expect(resolveAuthOptions({ ...auth, issuerUrl: undefined }, dev)).toMatchObject({
      issuer: 'http://localhost:3000/dev/',
      devIssuer: true,
      jwksUrl: undefined,
    });
    expect(resolveAuthOptions({ ...auth, issuerUrl: 'http://localhost:3000/dev' }, dev).devIssuer).toBe(true);
    expect(resolveAuthOptions({ ...auth, issuerUrl: 'http://localhost:4000/dev/' }, dev).devIssuer).toBe(false);
  });

  it('never runs the dev issuer in production', () => {
    const prod = { ...dev, nodeEnv: 'production' } as App;
    expect(() => resolveAuthOptions({ ...auth, issuerUrl: undefined }, prod)).toThrow(/NODE_ENV=production/);
  });
});
