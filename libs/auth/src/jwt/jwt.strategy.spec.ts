import { SignJWT, type JWTPayload } from 'jose';
import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import passport from 'passport';
import type { AuthOptions } from '../auth-options.js';
import { JwtStrategy } from './jwt.strategy.js';
import { SigningKeys } from './signing-keys.js';
import { tokenFailure } from './token-failure.js';

const options = {
  issuer: 'https://issuer.test/',
  audience: 'switchboard-api',
  tenantClaim: 'org_id',
  permissionsClaim: 'permissions',
  rolesClaim: 'roles',
  clockSkewSeconds: 30,
  devIssuer: false,
  dataDir: '.data',
} satisfies AuthOptions;

/** One key for every header, counting the look-ups. */
class CountingKeys extends SigningKeys {
  lookups = 0;
  constructor(private readonly key: KeyObject) {
    super();
  }
  async keyFor(): Promise<KeyObject> {
    this.lookups += 1;
    return this.key;
  }
}

interface Verdict {
  err: unknown;
  user: unknown;
  info: unknown;
}

/** passport.authenticate with the strategy's name, as AuthGuard calls it. */
function authenticate(name: string, token: string): Promise<Verdict> {
  return new Promise((resolve) => {
    const req = { headers: { authorization: `Bearer ${token}` } };
    passport.authenticate(name, { session: false }, (err: unknown, user: unknown, info: unknown) => resolve({ err, user, info }))(req, {}, (err: unknown) =>
      resolve({ err, user: undefined, info: undefined }),
    );
  });
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

describe('JwtStrategy', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let keys: CountingKeys;
  let strategy: JwtStrategy;
  beforeEach(() => {
    keys = new CountingKeys(publicKey);
    strategy = new JwtStrategy(options, keys);
  });
  afterEach(() => strategy.onApplicationShutdown());

  const claims = (overrides: JWTPayload = {}): JWTPayload => ({
    iss: options.issuer,
    aud: options.audience,
    sub: 'auth0|ada',
    org_id: 'acme',
    iat: now(),
    exp: now() + 600,
    ...overrides,
  });
  const sign = (payload: JWTPayload) => new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);

  it('verifies an RS256 token with the key for its header and yields the caller and exp', async () => {
    const exp = now() + 600;
    const { err, user } = await authenticate(strategy.name, await sign(claims({ exp, permissions: ['agents:read'] })));
    expect(err).toBeNull();
    expect(user).toEqual({ claims: { tenantId: 'acme', sub: 'auth0|ada', permissions: ['agents:read'], roles: [] }, exp });
    expect(keys.lookups).toBe(1);
  });

  it('checks the algorithm before any key lookup: alg none, HS256 and RS512 never reach the keys', async () => {
    const payload = b64(claims());
    const hs256 = `${b64({ alg: 'HS256', kid: 'k1' })}.${payload}`;
    for (const token of [
      `${b64({ alg: 'none' })}.${payload}.`,
      `${hs256}.${createHmac('sha256', 'secret').update(hs256).digest('base64url')}`,
      `${b64({ alg: 'RS512', kid: 'k1' })}.${payload}.c2ln`,
    ]) {
      const { user, info } = await authenticate(strategy.name, token);
      expect(user).toBe(false);
      expect(info).toMatchObject({ kind: 'unauthenticated', code: 'AUTH.INVALID_TOKEN', message: 'The token must be signed with RS256.' });
    }
    expect(keys.lookups).toBe(0);
  });

  it('rejects a correctly signed token without exp, which jsonwebtoken itself accepts', async () => {
    const { exp: _exp, ...rest } = claims();
    const { err, user } = await authenticate(strategy.name, await sign(rest));
    expect(user).toBeFalsy();
    expect(err).toMatchObject({ kind: 'unauthenticated', code: 'AUTH.INVALID_TOKEN', message: 'The token has no expiry (exp).' });
  });

  it.each([
    ['expired beyond the skew', { exp: now() - 60 }, 'AUTH.TOKEN_EXPIRED', 'The token has expired.'],
    ['not valid yet beyond the skew', { nbf: now() + 120 }, 'AUTH.TOKEN_NOT_YET_VALID', 'The token is not valid yet.'],
    ['for another audience', { aud: 'another-api' }, 'AUTH.INVALID_TOKEN', 'The token is for another audience.'],
    ['from another issuer', { iss: 'https://issuer.test' }, 'AUTH.INVALID_TOKEN', 'The token is from another issuer.'],
  ])("turns jsonwebtoken's verdict on a token %s into a 401 the client can act on", async (_, overrides, code, message) => {
    const { user, info } = await authenticate(strategy.name, await sign(claims(overrides)));
    expect(user).toBe(false);
    expect(tokenFailure(info)).toMatchObject({ kind: 'unauthenticated', code, message });
  });

  it('registers each instance under a name of its own, derived from its issuer, and leaves passport on shutdown', async () => {
    const other = new JwtStrategy({ ...options, audience: 'another-api' }, keys);
    expect(other.name).not.toBe(strategy.name);
    expect([strategy.name, other.name]).toEqual([expect.stringContaining(options.issuer), expect.stringContaining(options.issuer)]);
    const token = await sign(claims());
    await expect(authenticate(strategy.name, token)).resolves.toMatchObject({ user: { claims: { sub: 'auth0|ada' } } });
    await expect(authenticate(other.name, token)).resolves.toMatchObject({ user: false });

    other.onApplicationShutdown();
    const { err } = await authenticate(other.name, token);
    expect(err).toMatchObject({ message: expect.stringMatching(/^Unknown authentication strategy/) });
  });
});
