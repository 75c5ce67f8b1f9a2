import { randomUUID } from 'node:crypto';
import { signTelephonyPayload } from '#switchboard/calls';
import { newPhone, newTenant, type Page, type Resource, type Topology } from '../support/topology.js';
import { eventually, expectProblem, expectStatus, roundTheClock, type Scenario } from './scenario.js';

const CAMPAIGN = { name: 'Spring', callerId: '+12025550100', timezone: 'UTC', window: { start: '00:00', end: '23:59' } };

/** A contact and an active campaign holding it, through the API. */
async function activeCampaign(t: Topology, tenant: string): Promise<{ admin: string; agent: string; contactId: string; phone: string; campaignId: string }> {
  const admin = await t.token({ tenant, role: 'admin' });
  const agent = await t.token({ tenant, role: 'agent', sub: `auth0|${tenant}-agent` });
  const phone = newPhone();
  const contact = await t.request<Resource>('POST', '/v1/contacts', { token: agent, body: { name: 'Callee', phone } });
  expectStatus(contact, 201);
  await roundTheClock(t, admin);
  const campaign = await t.request<Resource>('POST', '/v1/campaigns', { token: admin, body: CAMPAIGN });
  expectStatus(campaign, 201);
  await t.request('POST', `/v1/campaigns/${campaign.body.id}/contacts`, { token: admin, body: { contactIds: [contact.body.id] } });
  expectStatus(await t.request('POST', `/v1/campaigns/${campaign.body.id}/start`, { token: admin }), 200);
  return { admin, agent, contactId: contact.body.id, phone, campaignId: campaign.body.id };
}

const call = (contactId: string, campaignId: string, disposition = 'sale') => ({
  contactId,
  campaignId,
  direction: 'outbound',
  startedAt: '2026-11-02T09:00:00+01:00',
  answeredAt: '2026-11-02T09:00:10+01:00',
  endedAt: '2026-11-02T09:02:10+01:00',
  disposition,
});

export const callsScenarios: Scenario[] = [
  {
    feature: 'calls',
    name: 'logging a call → 201 and the contact becomes contacted; it is listed; invalid → 400',
    run: async (t) => {
      const { agent, contactId, campaignId } = await activeCampaign(t, newTenant('calls'));
      const logged = await t.request<Resource>('POST', '/v1/calls', { token: agent, body: call(contactId, campaignId) });
      expectStatus(logged, 201);
      expect(logged.headers.get('location')).toBe(`/v1/calls/${logged.body.id}`);
      expect((await t.request<Resource>('GET', `/v1/contacts/${contactId}`, { token: agent })).body.status).toBe('contacted');
      const list = await t.request<Page>('GET', '/v1/calls', { token: agent });
      expect(list.body.items.map((c) => c.id)).toEqual([logged.body.id]);
      expectProblem(
        await t.request('POST', '/v1/calls', { token: agent, body: { ...call(contactId, campaignId), disposition: 'hung_up' } }),
        400,
        'VALIDATION',
      );
      expectStatus(await t.request('GET', `/v1/calls/${randomUUID()}`, { token: agent }), 404);
    },
  },
  {
    feature: 'calls',
    // ListCallsQueryDto intersects the page and range DTOs: their rules and `limit`'s conversion are inherited at run time (@nestjs/mapped-types).
    name: 'calls are listed a page at a time and filtered by range; limit=0 → 400',
    run: async (t) => {
      const { agent, contactId, campaignId } = await activeCampaign(t, newTenant('calls'));
      const first = await t.request<Resource>('POST', '/v1/calls', { token: agent, body: call(contactId, campaignId) });
      expectStatus(first, 201);
      const second = await t.request<Resource>('POST', '/v1/calls', { token: agent, body: call(contactId, campaignId, 'callback') });
      expectStatus(second, 201);
      const ids = (res: { body: Page }) => res.body.items.map((c) => c.id);
      const page = await t.request<Page>('GET', '/v1/calls?limit=1', { token: agent });
      expectStatus(page, 200);
      expect(ids(page)).toEqual([second.body.id]);
      const rest = await t.request<Page>('GET', `/v1/calls?limit=1&cursor=${page.body.nextCursor}`, { token: agent });
      expectStatus(rest, 200);
      expect(ids(rest)).toEqual([first.body.id]);
      expect(rest.body.nextCursor).toBeNull();
      const later = await t.request<Page>('GET', '/v1/calls?from=2026-11-03T00:00:00Z', { token: agent });
      expectStatus(later, 200);
      expect(later.body.items).toEqual([]);
      expectProblem(await t.request('GET', '/v1/calls?limit=0', { token: agent }), 400, 'VALIDATION');
    },
  },
  {
    feature: 'telephony',
    name: 'a signed webhook → 202 and, through call-events, the call appears; unsigned or mis-signed → 401',
    run: async (t) => {
      const tenant = newTenant('tel');
      const { agent, phone } = await activeCampaign(t, tenant);
      const event = {
        eventId: randomUUID(),
        type: 'call.ended',
        tenantId: tenant,
        callId: `CA-${randomUUID()}`,
        occurredAt: new Date().toISOString(),
        contactPhone: phone,
        disposition: 'voicemail',
      };
      const body = JSON.stringify(event);
      const signature = signTelephonyPayload(t.webhookSecret, body, Date.now() / 1000);
      const headers = { 'content-type': 'application/json', 'x-switchboard-signature': signature };
      const accepted = await t.request('POST', '/v1/telephony/events', { body, headers });
      expectStatus(accepted, 202);
      expect(accepted.body).toEqual({ accepted: true, eventId: event.eventId });
      expectStatus(await t.request('POST', '/v1/telephony/events', { body, headers: { 'content-type': 'application/json' } }), 401);
      const wrong = signTelephonyPayload('not-the-secret', body, Date.now() / 1000);
      expectStatus(await t.request('POST', '/v1/telephony/events', { body, headers: { ...headers, 'x-switchboard-signature': wrong } }), 401);
      const listed = await eventually(t, async () => {
        const calls = await t.request<Page>('GET', '/v1/calls', { token: agent });
        return calls.body.items.length > 0 ? calls.body.items : undefined;
      });
      expect(listed[0]).toMatchObject({ disposition: 'voicemail' });
    },
  },
  {
    feature: 'reports',
    name: 'a report cached by the reports function is invalidated by a call logged through the calls function',
    run: async (t) => {
      const tenant = newTenant('reports');
      const { agent, contactId, campaignId } = await activeCampaign(t, tenant);
      const supervisor = await t.token({ tenant, role: 'supervisor' });
      const before = await t.request('GET', `/v1/reports/campaigns/${campaignId}`, { token: supervisor });
      expectStatus(before, 200);
      expect(before.body).toMatchObject({ campaignId, calls: 0, answered: 0, answerRate: 0 });
      expectStatus(await t.request('POST', '/v1/calls', { token: agent, body: call(contactId, campaignId) }), 201);
      const after = await t.request<Record<string, unknown>>('GET', `/v1/reports/campaigns/${campaignId}`, { token: supervisor });
      expect(after.body).toMatchObject({ calls: 1, answered: 1, answerRate: 1, talkSeconds: 120 });
      expect(after.body.dispositions).toMatchObject({ sale: 1, no_answer: 0 });
      const agents = await t.request<{ items: unknown[] }>('GET', '/v1/reports/agents', { token: supervisor });
      expectStatus(agents, 200);
      expect(agents.body.items).toEqual([expect.objectContaining({ calls: 1, talkSeconds: 120 })]);
    },
  },
  {
    feature: 'reports',
    name: 'reports need reports:read (403); a malformed campaign id is 400; to before from is 400',
    run: async (t) => {
      const tenant = newTenant('reports');
      const none = await t.token({ tenant, permissions: [] });
      expectProblem(await t.request('GET', '/v1/reports/agents', { token: none }), 403, 'AUTH.MISSING_PERMISSION');
      const supervisor = await t.token({ tenant, role: 'supervisor' });
      expectStatus(await t.request('GET', '/v1/reports/campaigns/nope', { token: supervisor }), 400);
      expectStatus(await t.request('GET', '/v1/reports/agents?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', { token: supervisor }), 400);
    },
  },
];
