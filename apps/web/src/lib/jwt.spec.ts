import { readClaims } from './jwt.js';

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (payload: unknown) => `${segment({ alg: 'RS256' })}.${segment(payload)}.sig`;

describe('reading token claims', () => {
  it('reads permissions from the claim and from a scope, and the roles', () => {
    const claims = readClaims(
      token({ sub: 'u1', exp: 10, permissions: ['campaigns:write'], scope: 'openid reports:read', roles: ['supervisor'], org_id: 'acmé' }),
    );
    expect(claims.sub).toBe('u1');
    expect(claims.permissions.sort()).toEqual(['campaigns:write', 'openid', 'reports:read']);
    expect(claims.roles).toEqual(['supervisor']);
    expect(claims.raw.org_id).toBe('acmé');
  });

  it('honours configured claim names, including namespaced Auth0 roles', () => {
    const claims = readClaims(token({ perms: ['calls:write'], 'https://switchboard.dev/roles': ['agent'] }), {
      permissions: 'perms',
      roles: 'https://switchboard.dev/roles',
    });
    expect(claims.permissions).toEqual(['calls:write']);
    expect(claims.roles).toEqual(['agent']);
  });

  it('gives empty claims for garbage', () => {
    expect(readClaims('not-a-jwt')).toEqual({ sub: undefined, exp: undefined, permissions: [], roles: [], raw: {} });
  });
});
