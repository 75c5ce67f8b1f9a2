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

/** A signing key of the admin's tenant, created through the admin API (served by the calls entry). */
async function signingKey(t: Topology, admin: string): Promise<{ id: string; secret: string }> {
  const created = await t.request<{ id: string; secret: string }>('POST', '/v1/telephony/signing-keys', { token: admin });
  expectStatus(created, 201);
  return created.body;
}

/** Webhook headers with a signature by `key`, naming it. */
const signed = (key: { id: string; secret: string }, body: string) => ({
  'content-type': 'application/json',
  'x-switchboard-signature': signTelephonyPayload(key.secret, body, Date.now() / 1000, key.id),
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
    name: "a webhook signed with the tenant's key → 202 and, through call-events, the call appears; unsigned, mis-signed or another tenant's key → 401",
    run: async (t) => {
      const tenant = newTenant('tel');
      const { admin, agent, phone } = await activeCampaign(t, tenant);
      const key = await signingKey(t, admin);
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
      const accepted = await t.request('POST', '/v1/telephony/events', { body, headers: signed(key, body) });
      expectStatus(accepted, 202);
      expect(accepted.body).toEqual({ accepted: true, eventId: event.eventId });
      expectStatus(await t.request('POST', '/v1/telephony/events', { body, headers: { 'content-type': 'application/json' } }), 401);
      expectStatus(await t.request('POST', '/v1/telephony/events', { body, headers: signed({ ...key, secret: 'whsec_guessed' }, body) }), 401);
      // Another tenant's key, however valid, writes nothing here.
      const other = await signingKey(t, await t.token({ tenant: newTenant('tel-other'), role: 'admin' }));
      const intruder = JSON.stringify({ ...event, eventId: randomUUID(), disposition: 'do_not_call' });
      expectProblem(
        await t.request('POST', '/v1/telephony/events', { body: intruder, headers: signed(other, intruder) }),
        401,
        'TELEPHONY.SIGNATURE_WRONG_TENANT',
      );
      const listed = await eventually(t, async () => {
        const calls = await t.request<Page>('GET', '/v1/calls', { token: agent });
        return calls.body.items.length > 0 ? calls.body.items : undefined;
      });
      expect(listed).toEqual([expect.objectContaining({ disposition: 'voicemail' })]);
    },
  },
  {
    feature: 'calls',
    name: 'signing keys: an admin creates two (the secret shown once), a third is 409, revoking one is 204; agents get 403',
    run: async (t) => {
      const tenant = newTenant('keys');
      const admin = await t.token({ tenant, role: 'admin' });
      const first = await t.request<{ id: string; secret: string }>('POST', '/v1/telephony/signing-keys', { token: admin });
      expectStatus(first, 201);
      expect(first.headers.get('location')).toBe(`/v1/telephony/signing-keys/${first.body.id}`);
      expect(first.body.secret).toMatch(/^whsec_/);
      expectStatus(await t.request('POST', '/v1/telephony/signing-keys', { token: admin }), 201);
      expectProblem(await t.request('POST', '/v1/telephony/signing-keys', { token: admin }), 409, 'TELEPHONY.SIGNING_KEY_LIMIT');
      const listed = await t.request<{ items: Record<string, unknown>[] }>('GET', '/v1/telephony/signing-keys', { token: admin });
      expect(listed.body.items).toHaveLength(2);
      expect(listed.body.items.every((k) => !('secret' in k))).toBe(true);
      expectStatus(await t.request('DELETE', `/v1/telephony/signing-keys/${first.body.id}`, { token: admin }), 204);
      expectProblem(await t.request('DELETE', `/v1/telephony/signing-keys/${first.body.id}`, { token: admin }), 404, 'TELEPHONY.SIGNING_KEY_NOT_FOUND');
      const agent = await t.token({ tenant, role: 'agent' });
      expectProblem(await t.request('GET', '/v1/telephony/signing-keys', { token: agent }), 403, 'AUTH.MISSING_PERMISSION');
    },
  },
  {
    feature: 'calls',
    name: "an agent's log with providerCallId and the provider's end are one call: the report counts 1 call, 1 sale",
    run: async (t) => {
      const tenant = newTenant('one');
      const { admin, agent, contactId, phone, campaignId } = await activeCampaign(t, tenant);
      const key = await signingKey(t, admin);
      const providerCallId = `CA-${randomUUID()}`;
      expectStatus(await t.request('POST', '/v1/calls', { token: agent, body: { ...call(contactId, campaignId), providerCallId } }), 201);
      const ended = JSON.stringify({
        eventId: randomUUID(),
        type: 'call.ended',
        tenantId: tenant,
        callId: providerCallId,
        occurredAt: '2026-11-02T08:02:40Z',
        contactPhone: phone,
        campaignId,
        disposition: 'no_answer',
      });
      expectStatus(await t.request('POST', '/v1/telephony/events', { body: ended, headers: signed(key, ended) }), 202);
      const merged = await eventually(t, async () => {
        const calls = await t.request<Page>('GET', '/v1/calls', { token: agent });
        return calls.body.items.find((c) => c.endedAt === '2026-11-02T08:02:40.000Z') ? calls.body.items : undefined;
      });
      expect(merged).toEqual([expect.objectContaining({ providerCallId, disposition: 'sale' })]);
      const report = await t.request<Record<string, unknown>>('GET', `/v1/reports/campaigns/${campaignId}`, { token: admin });
      expect(report.body).toMatchObject({ calls: 1 });
      expect(report.body.dispositions).toMatchObject({ sale: 1, no_answer: 0 });
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
      const agents = await t.request<{ items: { calls: number }[] }>('GET', '/v1/reports/agents', { token: supervisor });
      expectStatus(agents, 200);
      // The admin and the supervisor are listed too, for their time in a state, with no calls.
      expect(agents.body.items.filter((i) => i.calls > 0)).toEqual([expect.objectContaining({ calls: 1, talkSeconds: 120, stateSeconds: expect.any(Object) })]);
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
