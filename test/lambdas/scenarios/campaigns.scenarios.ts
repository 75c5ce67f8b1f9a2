import { newPhone, newTenant, type Resource } from '../support/topology.js';
import { expectProblem, expectStatus, type Scenario } from './scenario.js';

const CAMPAIGN = { name: 'Renewals', callerId: '+12025550100', timezone: 'UTC', window: { start: '00:00', end: '23:59' } };

export const campaignsScenarios: Scenario[] = [
  {
    feature: 'campaigns',
    name: 'draft → start → pause → complete; an illegal transition → 409 CAMPAIGN.ILLEGAL_TRANSITION',
    run: async (t) => {
      const admin = await t.token({ tenant: newTenant('campaigns'), role: 'admin' });
      const created = await t.request<Resource>('POST', '/v1/campaigns', { token: admin, body: CAMPAIGN });
      expectStatus(created, 201);
      expect(created.body).toMatchObject({ status: 'draft', name: 'Renewals' });
      const id = created.body.id;
      for (const [action, status] of [
        ['start', 'active'],
        ['pause', 'paused'],
        ['complete', 'completed'],
      ]) {
        const res = await t.request<Resource>('POST', `/v1/campaigns/${id}/${action}`, { token: admin });
        expectStatus(res, 200);
        expect(res.body.status).toBe(status);
      }
      expectProblem(await t.request('POST', `/v1/campaigns/${id}/start`, { token: admin }), 409, 'CAMPAIGN.ILLEGAL_TRANSITION');
    },
  },
  {
    feature: 'campaigns',
    name: 'next-contact: 409 while draft; hands a contact out once active; do-not-call contacts are skipped when added',
    run: async (t) => {
      const tenant = newTenant('campaigns');
      const admin = await t.token({ tenant, role: 'admin' });
      const agent = await t.token({ tenant, role: 'agent' });
      const contact = await t.request<Resource>('POST', '/v1/contacts', { token: agent, body: { name: 'Callee', phone: newPhone() } });
      const blocked = await t.request<Resource>('POST', '/v1/contacts', { token: agent, body: { name: 'Blocked', phone: newPhone() } });
      await t.request('PATCH', `/v1/contacts/${blocked.body.id}`, { token: agent, body: { status: 'do_not_call' } });
      const campaign = await t.request<Resource>('POST', '/v1/campaigns', { token: admin, body: CAMPAIGN });
      const id = campaign.body.id;
      const added = await t.request('POST', `/v1/campaigns/${id}/contacts`, { token: admin, body: { contactIds: [contact.body.id, blocked.body.id] } });
      expectStatus(added, 200);
      expect(added.body).toEqual({ added: 1, skipped: 1 });
      expectProblem(await t.request('POST', `/v1/campaigns/${id}/next-contact`, { token: agent }), 409, 'CAMPAIGN.NOT_ACTIVE');
      await t.request('POST', `/v1/campaigns/${id}/start`, { token: admin });
      const next = await t.request('POST', `/v1/campaigns/${id}/next-contact`, { token: agent });
      expectStatus(next, 200);
      expect(JSON.stringify(next.body)).toContain(contact.body.id);
    },
  },
  {
    feature: 'campaigns',
    name: "an agent cannot create campaigns (403); a malformed id is 400; another tenant's is 404",
    run: async (t) => {
      const agent = await t.token({ tenant: newTenant('campaigns'), role: 'agent' });
      expectProblem(await t.request('POST', '/v1/campaigns', { token: agent, body: CAMPAIGN }), 403, 'AUTH.MISSING_PERMISSION');
      expectStatus(await t.request('GET', '/v1/campaigns/not-a-uuid', { token: agent }), 400);
      const admin = await t.token({ tenant: newTenant('campaigns'), role: 'admin' });
      const theirs = await t.request<Resource>('POST', '/v1/campaigns', { token: admin, body: CAMPAIGN });
      expectProblem(await t.request('GET', `/v1/campaigns/${theirs.body.id}`, { token: agent }), 404, 'CAMPAIGN.NOT_FOUND');
    },
  },
];
