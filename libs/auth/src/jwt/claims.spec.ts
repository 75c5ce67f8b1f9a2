import { principalFromClaims } from './claims.js';

const options = { tenantClaim: 'org_id', permissionsClaim: 'permissions', rolesClaim: 'roles' };
const base = { sub: 'auth0|1', org_id: 'acme', exp: 2_000_000_000 };

describe('principalFromClaims', () => {
  it('reads tenant, subject, permissions, roles, name and email', () => {
    expect(principalFromClaims({ ...base, permissions: ['contacts:read'], roles: ['Supervisor'], name: ' Ada ', email: 'ada@acme.test' }, options)).toEqual({
      tenantId: 'acme',
      sub: 'auth0|1',
      permissions: ['contacts:read'],
      roles: ['Supervisor'],
      name: 'Ada',
      email: 'ada@acme.test',
    });
  });

  it('adds a space-separated scope to the permissions, once each', () => {
    const p = principalFromClaims({ ...base, permissions: ['contacts:read'], scope: 'openid contacts:read agents:read' }, options);
    expect(p.permissions).toEqual(['contacts:read', 'openid', 'agents:read']);
  });

  it('uses the configured claim names (e.g. namespaced custom claims)', () => {
    const custom = {
      tenantClaim: 'https://switchboard.dev/tenant',
      permissionsClaim: 'https://switchboard.dev/perms',
      rolesClaim: 'https://switchboard.dev/roles',
    };
    const p = principalFromClaims(
      { sub: 's', exp: 1, 'https://switchboard.dev/tenant': 't1', 'https://switchboard.dev/perms': 'a:b c:d', 'https://switchboard.dev/roles': 'admin' },
      custom,
    );
    expect(p).toMatchObject({ tenantId: 't1', permissions: ['a:b', 'c:d'], roles: ['admin'] });
  });

  it('ignores malformed permission and role entries', () => {
    const p = principalFromClaims({ ...base, permissions: ['a:b', 7, '', null], roles: { admin: true } }, options);
    expect(p).toMatchObject({ permissions: ['a:b'], roles: [] });
  });

  it.each([
    ['no exp', { sub: 's', org_id: 'acme' }, 'AUTH.INVALID_TOKEN'],
    ['exp not a number', { ...base, exp: '2000000000' }, 'AUTH.INVALID_TOKEN'],
    ['no sub', { org_id: 'acme', exp: 1 }, 'AUTH.INVALID_TOKEN'],
    ['no tenant', { sub: 's', exp: 1 }, 'AUTH.NO_TENANT'],
    ['empty tenant', { ...base, org_id: '' }, 'AUTH.NO_TENANT'],
    ['tenant not a string', { ...base, org_id: ['acme'] }, 'AUTH.NO_TENANT'],
    ['oversized tenant', { ...base, org_id: 'x'.repeat(256) }, 'AUTH.NO_TENANT'],
  ])('rejects a token with %s as unauthenticated', (_, claims, code) => {
    expect(() => principalFromClaims(claims, options)).toThrow(expect.objectContaining({ kind: 'unauthenticated', code }));
  });
});
