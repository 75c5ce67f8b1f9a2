import { newTenant, type Page, type Resource } from '../support/topology.js';
import { expectProblem, expectStatus, type Scenario } from './scenario.js';

export const agentsScenarios: Scenario[] = [
  {
    feature: 'agents',
    name: 'GET /v1/me provisions the caller on first use and returns the same agent after',
    run: async (t) => {
      const token = await t.token({ tenant: newTenant('agents'), role: 'supervisor', name: 'Sam Super' });
      const first = await t.request<Resource>('GET', '/v1/me', { token });
      expectStatus(first, 200);
      expect(first.body).toMatchObject({ role: 'supervisor', name: 'Sam Super', presence: 'offline' });
      const again = await t.request<Resource>('GET', '/v1/me', { token });
      expect(again.body.id).toBe(first.body.id);
    },
  },
  {
    feature: 'agents',
    name: 'PUT /v1/me/presence sets presence (200); an unknown presence is 400',
    run: async (t) => {
      const token = await t.token({ tenant: newTenant('agents'), role: 'agent' });
      const set = await t.request<Resource>('PUT', '/v1/me/presence', { token, body: { presence: 'available' } });
      expectStatus(set, 200);
      expect(set.body.presence).toBe('available');
      expectProblem(await t.request('PUT', '/v1/me/presence', { token, body: { presence: 'asleep' } }), 400, 'VALIDATION');
    },
  },
  {
    feature: 'agents',
    name: 'no token → 401 with WWW-Authenticate; a bad signature → 401; missing agents:read → 403',
    run: async (t) => {
      const missing = await t.request('GET', '/v1/agents');
      expectStatus(missing, 401);
      expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const token = await t.token({ tenant: newTenant('agents'), role: 'agent' });
      const tampered = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
      expectStatus(await t.request('GET', '/v1/me', { token: tampered }), 401);
      expectProblem(await t.request('GET', '/v1/agents', { token }), 403, 'AUTH.MISSING_PERMISSION');
    },
  },
  {
    feature: 'agents',
    name: "a supervisor lists the tenant's agents, newest first, and never another tenant's; limit=0 → 400",
    run: async (t) => {
      const tenant = newTenant('agents');
      const agent = await t.token({ tenant, role: 'agent', sub: 'auth0|a1' });
      await t.request('GET', '/v1/me', { token: agent });
      const other = await t.token({ tenant: newTenant('other'), role: 'agent', sub: 'auth0|a1' });
      await t.request('GET', '/v1/me', { token: other });
      const supervisor = await t.token({ tenant, role: 'supervisor' });
      const list = await t.request<Page>('GET', '/v1/agents?limit=10', { token: supervisor });
      expectStatus(list, 200);
      expect(list.body.nextCursor).toBeNull();
      // The supervisor was provisioned by this very request; the other tenant's `auth0|a1` is not listed.
      expect(list.body.items.map((a) => a.sub)).toEqual([`test|${tenant}|supervisor`, 'auth0|a1']);
      expectProblem(await t.request('GET', '/v1/agents?limit=0', { token: supervisor }), 400, 'VALIDATION');
    },
  },
];
