import { randomUUID } from 'node:crypto';
import { TelephonyModule, type CallDto } from '#switchboard/calls';
import type { Problem } from '#switchboard/common';
import { ReportsModule, type AgentsReportDto, type CampaignReportDto } from '#switchboard/reports';
import { type CallsHarness, newTenant, postEvent, startCallsHarness, waitFor } from '../calls/calls-harness.js';

const ZEROS = { sale: 0, no_answer: 0, busy: 0, voicemail: 0, callback: 0, not_interested: 0, wrong_number: 0, do_not_call: 0 };

describe('reports (/v1/reports)', () => {
  let h: CallsHarness;
  const tenant = newTenant('reports');
  const other = newTenant('reports-other');
  let a1: string;
  let a2: string;
  let admin: string;
  let contacts: { id: string; phone: string }[];

  const call = async (token: string, body: Record<string, unknown>) => {
    const res = await h.api<CallDto>('POST', '/v1/calls', token, { direction: 'outbound', contactId: contacts[0]!.id, ...body });
    expect(res.status).toBe(201);
    return res.body;
  };
  const report = async <T>(path: string, token: string) => {
    const res = await h.api<T>('GET', path, token);
    expect(res.status).toBe(200);
    return res.body;
  };
  /** A campaign's figures, as a1 sees them. */
  const campaignReport = (campaignId: string) => report<CampaignReportDto>(`/v1/reports/campaigns/${campaignId}`, a1);
  /** Every agent's figures, as `token` sees them (`query`: the range). */
  const agentsReport = (token: string, query = '') => report<AgentsReportDto>(`/v1/reports/agents${query}`, token);

  beforeAll(async () => {
    // A TTL longer than any wait below: a changed figure proves an invalidation, not an expiry.
    h = await startCallsHarness({ modules: [ReportsModule, TelephonyModule], env: { REPORTS_CACHE_TTL_SECONDS: '60' } });
    a1 = await h.token({ tenant, role: 'agent', sub: 'a1' });
    a2 = await h.token({ tenant, role: 'agent', sub: 'a2' });
    admin = await h.token({ tenant, role: 'admin' });
    contacts = [await h.createContact(a1), await h.createContact(a1), await h.createContact(a1)];
  });
  afterAll(() => h?.close());

  describe('GET /v1/reports/campaigns/:id', () => {
    it('lists every disposition with zeros for a campaign without calls', async () => {
      const campaignId = await h.createCampaign(admin);
      expect(await campaignReport(campaignId)).toEqual({
        campaignId,
        calls: 0,
        answered: 0,
        answerRate: 0,
        talkSeconds: 0,
        avgTalkSeconds: 0,
        dispositions: ZEROS,
      });
    });

    it("computes calls, answers, answer rate, talk time and dispositions of the campaign's calls only", async () => {
      const campaignId = await h.createCampaign(
        admin,
        contacts.map((c) => c.id),
      );
      await call(a1, {
        campaignId,
        disposition: 'sale',
        startedAt: '2026-11-02T09:00:00Z',
        answeredAt: '2026-11-02T09:00:10Z',
        endedAt: '2026-11-02T09:02:10Z',
      });
      await call(a2, {
        campaignId,
        disposition: 'voicemail',
        startedAt: '2026-11-02T10:00:00+01:00',
        answeredAt: '2026-11-02T10:00:05+01:00',
        endedAt: '2026-11-02T10:00:35+01:00',
      });
      await call(a1, { campaignId, disposition: 'no_answer', startedAt: '2026-11-02T09:10:00Z', endedAt: '2026-11-02T09:10:30Z' });
      await call(a2, { campaignId, disposition: 'busy', startedAt: '2026-11-02T09:20:00Z', endedAt: '2026-11-02T09:20:01Z' });
      await call(a1, { disposition: 'sale', startedAt: '2026-11-02T09:30:00Z', answeredAt: '2026-11-02T09:30:01Z', endedAt: '2026-11-02T10:30:01Z' });
      expect(await campaignReport(campaignId)).toEqual({
        campaignId,
        calls: 4,
        answered: 2,
        answerRate: 0.5,
        talkSeconds: 150,
        avgTalkSeconds: 75,
        dispositions: { ...ZEROS, sale: 1, voicemail: 1, no_answer: 1, busy: 1 },
      });
    });

    it('is served from the cache, and a call logged through the API invalidates it', async () => {
      const campaignId = await h.createCampaign(admin, [contacts[1]!.id]);
      await call(a1, { campaignId, contactId: contacts[1]!.id, disposition: 'callback', startedAt: '2026-11-02T11:00:00Z', endedAt: '2026-11-02T11:00:20Z' });
      expect((await campaignReport(campaignId)).calls).toBe(1);

      // A row written behind the API's back does not invalidate: the cached figures stay.
      await h.sql.query(
        `INSERT INTO calls (tenant_id, contact_id, campaign_id, direction, started_at, ended_at, disposition) VALUES ($1, $2, $3, 'outbound', now(), now(), 'busy')`,
        [tenant, contacts[1]!.id, campaignId],
      );
      expect((await campaignReport(campaignId)).calls).toBe(1);

      await call(a1, {
        campaignId,
        contactId: contacts[1]!.id,
        disposition: 'sale',
        startedAt: '2026-11-02T12:00:00Z',
        answeredAt: '2026-11-02T12:00:01Z',
        endedAt: '2026-11-02T12:01:01Z',
      });
      expect(await campaignReport(campaignId)).toMatchObject({
        calls: 3,
        answered: 1,
        talkSeconds: 60,
        dispositions: { ...ZEROS, callback: 1, busy: 1, sale: 1 },
      });
    });

    it('is invalidated by a call applied from the call-events queue', async () => {
      const campaignId = await h.createCampaign(admin, [contacts[2]!.id]);
      expect((await campaignReport(campaignId)).calls).toBe(0);
      const base = { tenantId: tenant, callId: `prov-${randomUUID()}`, contactPhone: contacts[2]!.phone, campaignId };
      for (const [type, at, extra] of [
        ['call.started', '2026-11-02T13:00:00Z', {}],
        ['call.answered', '2026-11-02T13:00:03Z', {}],
        ['call.ended', '2026-11-02T13:01:03Z', { disposition: 'not_interested' }],
      ] as const) {
        expect((await postEvent(h.t, { ...base, eventId: randomUUID(), type, occurredAt: at, ...extra })).status).toBe(202);
      }
      const figures = await waitFor(async () => {
        const body = await campaignReport(campaignId);
        return body.calls === 1 && body.answered === 1 ? body : undefined;
      });
      expect(figures).toMatchObject({ talkSeconds: 60, answerRate: 1, dispositions: { ...ZEROS, not_interested: 1 } });
    }, 30_000);

    it("404 for an unknown or another tenant's campaign, 400 for a malformed id", async () => {
      const campaignId = await h.createCampaign(admin);
      const stranger = await h.token({ tenant: other, role: 'supervisor' });
      const foreign = await h.api<Problem>('GET', `/v1/reports/campaigns/${campaignId}`, stranger);
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('CAMPAIGN.NOT_FOUND');
      expect((await h.api('GET', `/v1/reports/campaigns/${randomUUID()}`, a1)).status).toBe(404);
      const malformed = await h.api('GET', '/v1/reports/campaigns/42', a1);
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({ code: 'VALIDATION', errors: [{ field: 'id', code: 'INVALID_UUID' }] });
    });

    it('401 without a token, 403 without reports:read', async () => {
      const campaignId = await h.createCampaign(admin);
      expect((await h.api('GET', `/v1/reports/campaigns/${campaignId}`, undefined)).status).toBe(401);
      const noReports = await h.token({ tenant, permissions: ['calls:read'] });
      expect((await h.api('GET', `/v1/reports/campaigns/${campaignId}`, noReports)).status).toBe(403);
      expect((await h.api('GET', '/v1/reports/agents', noReports)).status).toBe(403);
    });
  });

  describe('GET /v1/reports/agents', () => {
    const agentsTenant = newTenant('agents');
    let x: string;
    let y: string;
    let contactId: string;

    beforeAll(async () => {
      x = await h.token({ tenant: agentsTenant, role: 'agent', sub: 'x' });
      y = await h.token({ tenant: agentsTenant, role: 'agent', sub: 'y' });
      contactId = (await h.createContact(x)).id;
      const log = (token: string, body: Record<string, unknown>) => call(token, { contactId, ...body });
      await log(x, { disposition: 'sale', startedAt: '2026-11-01T09:00:00Z', answeredAt: '2026-11-01T09:00:00Z', endedAt: '2026-11-01T09:01:40Z' });
      await log(x, { disposition: 'no_answer', startedAt: '2026-11-02T09:00:00Z', endedAt: '2026-11-02T09:00:30Z' });
      await log(y, { disposition: 'wrong_number', startedAt: '2026-11-02T10:00:00Z', answeredAt: '2026-11-02T10:00:00Z', endedAt: '2026-11-02T10:00:10Z' });
    });

    const byAgent = (body: { items: { agentId: string }[] }, id: string | null) => body.items.find((i) => i.agentId === id);

    it("gives each agent's figures, every disposition listed, ordered by agent id", async () => {
      const body = await agentsReport(x);
      const [xId, yId] = [await h.agentIdOf(agentsTenant, 'x'), await h.agentIdOf(agentsTenant, 'y')];
      expect(body.items.map((i: { agentId: string }) => i.agentId)).toEqual([xId, yId].sort());
      expect(byAgent(body, xId)).toEqual({
        agentId: xId,
        calls: 2,
        answered: 1,
        answerRate: 0.5,
        talkSeconds: 100,
        avgTalkSeconds: 100,
        dispositions: { ...ZEROS, sale: 1, no_answer: 1 },
        // Time in each state since the agent signed in (test/e2e/agents/agent-states covers the figures).
        stateSeconds: expect.objectContaining({ available: expect.any(Number), offline: 0 }),
        breaks: [],
      });
      expect(byAgent(body, yId)).toEqual({
        agentId: yId,
        calls: 1,
        answered: 1,
        answerRate: 1,
        talkSeconds: 10,
        avgTalkSeconds: 10,
        dispositions: { ...ZEROS, wrong_number: 1 },
        stateSeconds: expect.objectContaining({ available: expect.any(Number), offline: 0 }),
        breaks: [],
      });
    });

    it('counts calls started in the half-open range [from, to)', async () => {
      const xId = await h.agentIdOf(agentsTenant, 'x');
      const body = await agentsReport(x, `?from=${encodeURIComponent('2026-11-02T09:00:00Z')}&to=${encodeURIComponent('2026-11-02T11:00:00+01:00')}`);
      expect(body.items).toHaveLength(1);
      expect(byAgent(body, xId)).toMatchObject({ calls: 1, answered: 0, dispositions: { ...ZEROS, no_answer: 1 } });
      // Agents without calls in the range are listed only for their time in a state (they signed in today).
      const later = await agentsReport(x, `?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
      expect(later.items).toEqual([]);
    });

    it("shows no other tenant's agents", async () => {
      const ids = (await agentsReport(a1)).items.map((i: { agentId: string }) => i.agentId);
      expect(ids).not.toContain(await h.agentIdOf(agentsTenant, 'x'));
    });

    it('is invalidated when an agent logs a call', async () => {
      const yId = await h.agentIdOf(agentsTenant, 'y');
      expect(byAgent(await agentsReport(y), yId)).toMatchObject({ calls: 1 });
      await call(y, { contactId, disposition: 'do_not_call', startedAt: '2026-11-03T10:00:00Z', endedAt: '2026-11-03T10:00:10Z' });
      expect(byAgent(await agentsReport(y), yId)).toMatchObject({ calls: 2, dispositions: { ...ZEROS, wrong_number: 1, do_not_call: 1 } });
    });

    it.each([
      ['from=yesterday', 'from'],
      ['to=2026-11-02T10:00:00', 'to'],
      ['from=2026-11-03T00:00:00Z&to=2026-11-02T00:00:00Z', 'to'],
      ['agentId=x', 'agentId'],
    ])('400 for ?%s', async (query, field) => {
      const res = await h.api<Problem>('GET', `/v1/reports/agents?${query}`, x);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });
  });
});
