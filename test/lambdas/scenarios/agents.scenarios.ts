import { newPhone, newTenant, type Page, type Resource } from '../support/topology.js';
import { expectProblem, expectStatus, roundTheClock, type Scenario } from './scenario.js';

export const agentsScenarios: Scenario[] = [
  {
    feature: 'agents',
    name: 'GET /v1/me provisions the caller on first use and returns the same agent after',
    run: async (t) => {
      const token = await t.token({ tenant: newTenant('agents'), role: 'supervisor', name: 'Sam Super' });
      const first = await t.request<Resource>('GET', '/v1/me', { token });
      expectStatus(first, 200);
      expect(first.body).toMatchObject({ role: 'supervisor', name: 'Sam Super', state: 'available' });
      const again = await t.request<Resource>('GET', '/v1/me', { token });
      expect(again.body.id).toBe(first.body.id);
    },
  },
  {
    feature: 'agents',
    name: "PUT /v1/me/state takes a break with one of the tenant's reasons (200); a state the system sets or an unknown reason is 400",
    run: async (t) => {
      const token = await t.token({ tenant: newTenant('agents'), role: 'agent' });
      const reasons = await t.request<{ items: { code: string }[] }>('GET', '/v1/agents/break-reasons', { token });
      expectStatus(reasons, 200);
      const set = await t.request<Resource>('PUT', '/v1/me/state', { token, body: { state: 'break', reason: reasons.body.items[0]!.code } });
      expectStatus(set, 200);
      expect(set.body).toMatchObject({ state: 'break', breakReason: reasons.body.items[0]!.code });
      expectProblem(await t.request('PUT', '/v1/me/state', { token, body: { state: 'wrap_up' } }), 400, 'VALIDATION');
      expectProblem(await t.request('PUT', '/v1/me/state', { token, body: { state: 'break', reason: 'siesta' } }), 400, 'VALIDATION');
    },
  },
  {
    feature: 'agents',
    name: 'next-contact reserves an available agent, 409 AGENT.NOT_AVAILABLE offline; a logged call wraps up until available; the board answers 304',
    run: async (t) => {
      const tenant = newTenant('agents');
      const admin = await t.token({ tenant, role: 'admin' });
      const agent = await t.token({ tenant, role: 'agent' });
      const contact = await t.request<Resource>('POST', '/v1/contacts', { token: agent, body: { name: 'Callee', phone: newPhone() } });
      const body = { name: 'Renewals', callerId: '+12025550100', timezone: 'UTC', window: { start: '00:00', end: '23:59' }, wrapUpSeconds: 600 };
      await roundTheClock(t, admin);
      const campaign = await t.request<Resource>('POST', '/v1/campaigns', { token: admin, body });
      expectStatus(campaign, 201);
      const id = campaign.body.id;
      await t.request('POST', `/v1/campaigns/${id}/contacts`, { token: admin, body: { contactIds: [contact.body.id] } });
      await t.request('POST', `/v1/campaigns/${id}/start`, { token: admin });

      await t.request('PUT', '/v1/me/state', { token: agent, body: { state: 'offline' } });
      expectProblem(await t.request('POST', `/v1/campaigns/${id}/next-contact`, { token: agent }), 409, 'AGENT.NOT_AVAILABLE');
      await t.request('PUT', '/v1/me/state', { token: agent, body: { state: 'available' } });
      expectStatus(await t.request('POST', `/v1/campaigns/${id}/next-contact`, { token: agent }), 200);
      const reserved = await t.request<Page>('GET', '/v1/agents?state=reserved', { token: admin });
      expectStatus(reserved, 200);
      expect(reserved.body.items).toEqual([expect.objectContaining({ state: 'reserved', campaignId: id, contactId: contact.body.id })]);
      const etag = reserved.headers.get('etag')!;
      expectStatus(await t.request('GET', '/v1/agents?state=reserved', { token: admin, headers: { 'if-none-match': etag } }), 304);

      const now = Date.now();
      const call = { contactId: contact.body.id, campaignId: id, direction: 'outbound', disposition: 'sale' };
      const times = { startedAt: new Date(now - 60_000).toISOString(), endedAt: new Date(now).toISOString() };
      expectStatus(await t.request('POST', '/v1/calls', { token: agent, body: { ...call, ...times } }), 201);
      const wrapping = await t.request<Resource>('GET', '/v1/me', { token: agent });
      expect(wrapping.body).toMatchObject({ state: 'wrap_up', campaignId: id, contactId: contact.body.id });
      expect(Date.parse(wrapping.body.stateUntil as string) - Date.parse(wrapping.body.stateSince as string)).toBe(600_000);
      expectStatus(await t.request('GET', '/v1/agents?state=reserved', { token: admin, headers: { 'if-none-match': etag } }), 200);
      const ready = await t.request<Resource>('PUT', '/v1/me/state', { token: agent, body: { state: 'available' } });
      expect(ready.body).toMatchObject({ state: 'available', stateUntil: null });
      const stays = await t.request<Page>('GET', `/v1/agents/${ready.body.id}/states`, { token: admin });
      expect(stays.body.items.slice(0, 4).map((s) => s.state)).toEqual(['available', 'wrap_up', 'reserved', 'available']);
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
