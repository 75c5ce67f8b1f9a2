import { randomUUID } from 'node:crypto';
import { newTenant, type Page, type Resource } from '../support/topology.js';
import { expectProblem, expectStatus, type Scenario } from './scenario.js';

const HOOK = { url: 'https://203.0.113.7/switchboard', events: ['contact.created', 'call.completed'], description: 'CRM' };

export const webhooksScenarios: Scenario[] = [
  {
    feature: 'webhooks',
    name: 'a webhook → 201 with its secret once; read, changed, listed with its empty log, deleted; invalid → 400; no permission → 403',
    run: async (t) => {
      const tenant = newTenant('webhooks');
      const admin = await t.token({ tenant, role: 'admin' });
      const created = await t.request<Resource & { secret: string }>('POST', '/v1/webhooks', { token: admin, body: HOOK });
      expectStatus(created, 201);
      expect(created.body.secret).toMatch(/^whsec_/);
      expect(created.headers.get('location')).toBe(`/v1/webhooks/${created.body.id}`);
      const read = await t.request<Resource>('GET', `/v1/webhooks/${created.body.id}`, { token: admin });
      expectStatus(read, 200);
      expect(read.body).not.toHaveProperty('secret');
      const paused = await t.request<Resource>('PATCH', `/v1/webhooks/${created.body.id}`, { token: admin, body: { paused: true } });
      expect(paused.body).toMatchObject({ paused: true, version: 2 });
      const list = await t.request<Page>('GET', '/v1/webhooks', { token: admin });
      expect(list.body.items.map((w) => w.id)).toEqual([created.body.id]);
      expect((await t.request<Page>('GET', `/v1/webhooks/${created.body.id}/deliveries`, { token: admin })).body).toEqual({ items: [], nextCursor: null });
      expectProblem(await t.request('POST', '/v1/webhooks', { token: admin, body: { ...HOOK, url: 'http://crm.example.com/x' } }), 400, 'VALIDATION');
      expectProblem(await t.request('POST', '/v1/webhooks', { token: admin, body: { ...HOOK, url: 'https://10.0.0.1/x' } }), 400, 'VALIDATION');
      const supervisor = await t.token({ tenant, role: 'supervisor' });
      expectStatus(await t.request('GET', '/v1/webhooks', { token: supervisor }), 403);
      expectStatus(await t.request('GET', `/v1/webhooks/${randomUUID()}`, { token: admin }), 404);
      expectStatus(await t.request('DELETE', `/v1/webhooks/${created.body.id}`, { token: admin }), 204);
    },
  },
];
