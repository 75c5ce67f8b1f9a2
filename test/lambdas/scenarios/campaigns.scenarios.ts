import { newPhone, newTenant, type Resource } from '../support/topology.js';
import { expectProblem, expectStatus, roundTheClock, type Scenario } from './scenario.js';

const CAMPAIGN = { name: 'Renewals', callerId: '+12025550100', timezone: 'UTC', window: { start: '00:00', end: '23:59' } };

export const campaignsScenarios: Scenario[] = [
  {
    feature: 'campaigns',
    name: 'draft → start → pause → complete; an illegal transition → 409 CAMPAIGN.ILLEGAL_TRANSITION',
    run: async (t) => {
      const admin = await t.token({ tenant: newTenant('campaigns'), role: 'admin' });
      await roundTheClock(t, admin);
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
      await roundTheClock(t, admin);
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
      await roundTheClock(t, admin);
      const theirs = await t.request<Resource>('POST', '/v1/campaigns', { token: admin, body: CAMPAIGN });
      expectProblem(await t.request('GET', `/v1/campaigns/${theirs.body.id}`, { token: agent }), 404, 'CAMPAIGN.NOT_FOUND');
    },
  },
  {
    feature: 'tenants',
    name: 'tenant settings: default legal hours 08:00–21:00; an admin changes them, a supervisor cannot; a campaign window outside them → 400',
    run: async (t) => {
      const tenant = newTenant('tenants');
      const admin = await t.token({ tenant, role: 'admin' });
      const supervisor = await t.token({ tenant, role: 'supervisor' });
      const read = await t.request('GET', '/v1/tenant/settings', { token: supervisor });
      expectStatus(read, 200);
      expect(read.body).toEqual({ callingHours: { start: '08:00', end: '21:00' }, version: 0 });
      const body = { callingHours: { start: '09:00', end: '20:00' } };
      expectProblem(await t.request('PATCH', '/v1/tenant/settings', { token: supervisor, body }), 403, 'AUTH.MISSING_PERMISSION');
      expectStatus(await t.request('PATCH', '/v1/tenant/settings', { token: admin, body }), 200);
      expectProblem(
        await t.request('POST', '/v1/campaigns', { token: admin, body: { ...CAMPAIGN, window: { start: '08:00', end: '12:00' } } }),
        400,
        'VALIDATION',
      );
      expectStatus(await t.request('POST', '/v1/campaigns', { token: admin, body: { ...CAMPAIGN, window: { start: '09:00', end: '12:00' } } }), 201);
    },
  },
  {
    feature: 'campaigns',
    name: "progress counts by state; next-contact carries the callee's time zone; another agent's call leaves a held contact alone",
    run: async (t) => {
      const tenant = newTenant('campaigns');
      const admin = await t.token({ tenant, role: 'admin' });
      const holder = await t.token({ tenant, role: 'agent', sub: `auth0|${tenant}-holder` });
      const other = await t.token({ tenant, role: 'agent', sub: `auth0|${tenant}-other` });
      const contact = await t.request<Resource>('POST', '/v1/contacts', { token: admin, body: { name: 'Callee', phone: newPhone() } });
      await roundTheClock(t, admin);
      const id = (await t.request<Resource>('POST', '/v1/campaigns', { token: admin, body: CAMPAIGN })).body.id;
      await t.request('POST', `/v1/campaigns/${id}/contacts`, { token: admin, body: { contactIds: [contact.body.id] } });
      await t.request('POST', `/v1/campaigns/${id}/start`, { token: admin });
      const next = await t.request<{ contact: { id: string; timeZone: string } }>('POST', `/v1/campaigns/${id}/next-contact`, { token: holder });
      expectStatus(next, 200);
      // A +1 202 number is Washington, D.C.'s: the zone comes from the number, not the campaign's UTC.
      expect(next.body.contact).toMatchObject({ id: contact.body.id, timeZone: 'America/New_York' });
      const at = new Date().toISOString();
      const call = { contactId: contact.body.id, campaignId: id, direction: 'outbound', startedAt: at, endedAt: at, disposition: 'sale' };
      expectStatus(await t.request('POST', '/v1/calls', { token: other, body: call }), 201);
      const progress = await t.request('GET', `/v1/campaigns/${id}/progress`, { token: admin });
      expectStatus(progress, 200);
      expect(progress.body).toEqual({ pending: 0, leased: 1, scheduled: 0, done: 0, exhausted: 0, doNotCall: 0, outsideHoursNow: 0 });
      expectStatus(await t.request('POST', '/v1/calls', { token: holder, body: call }), 201);
      expect((await t.request('GET', `/v1/campaigns/${id}/progress`, { token: admin })).body).toMatchObject({ leased: 0, done: 1 });
    },
  },
  {
    feature: 'campaigns',
    name: 'a callback booked for its owner: GET /v1/me/callbacks (routed to campaigns, not agents) lists it; a retry rule schedules a no_answer',
    run: async (t) => {
      const tenant = newTenant('callbacks');
      const admin = await t.token({ tenant, role: 'admin' });
      const agent = await t.token({ tenant, role: 'agent', sub: `auth0|${tenant}-agent` });
      const contacts = await Promise.all(
        ['One', 'Two'].map((name) => t.request<Resource>('POST', '/v1/contacts', { token: admin, body: { name, phone: newPhone() } })),
      );
      await roundTheClock(t, admin);
      const body = { ...CAMPAIGN, retryRules: [{ disposition: 'no_answer', delayMinutes: 2, maxAttempts: 3 }] };
      const id = (await t.request<Resource>('POST', '/v1/campaigns', { token: admin, body })).body.id;
      await t.request('POST', `/v1/campaigns/${id}/contacts`, { token: admin, body: { contactIds: contacts.map((c) => c.body.id) } });
      await t.request('POST', `/v1/campaigns/${id}/start`, { token: admin });
      const now = new Date();
      const call = (contactId: string, disposition: string, extra = {}) => ({
        contactId,
        campaignId: id,
        direction: 'outbound',
        startedAt: now.toISOString(),
        endedAt: now.toISOString(),
        disposition,
        ...extra,
      });
      const first = await t.request<{ contact: { id: string } }>('POST', `/v1/campaigns/${id}/next-contact`, { token: agent });
      const at = new Date(now.getTime() + 60 * 60_000).toISOString();
      expectStatus(
        await t.request('POST', '/v1/calls', { token: agent, body: call(first.body.contact.id, 'callback', { callback: { at, owner: 'me' } }) }),
        201,
      );
      const mine = await t.request<{ items: { contactId: string; at: string }[] }>('GET', '/v1/me/callbacks', { token: agent });
      expectStatus(mine, 200);
      expect(mine.body.items).toEqual([expect.objectContaining({ contactId: first.body.contact.id, at })]);
      const second = await t.request<{ contact: { id: string } }>('POST', `/v1/campaigns/${id}/next-contact`, { token: agent });
      expectStatus(await t.request('POST', '/v1/calls', { token: agent, body: call(second.body.contact.id, 'no_answer') }), 201);
      const scheduled = await t.request('GET', `/v1/campaigns/${id}/contacts?state=scheduled`, { token: admin });
      expect(scheduled.body).toMatchObject({ items: [{}, {}] });
      expectStatus(await t.request('GET', '/v1/me', { token: agent }), 200);
    },
  },
];
