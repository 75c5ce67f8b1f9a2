import { randomUUID } from 'node:crypto';
import { FixedClock } from '#switchboard/common';
import { TelephonyModule, type CallDto, type TelephonyEvent } from '#switchboard/calls';
import type { ContactDto } from '#switchboard/contacts';
import { ReportsModule, type CampaignReportDto } from '#switchboard/reports';
import { CallsService } from '../../../libs/calls/src/calls.service.js';
import { CallEventsService } from '../../../libs/calls/src/events/call-events.service.js';
import { type CallsHarness, drained, newTenant, postEvent, startCallsHarness } from './calls-harness.js';

/**
 * Issue 21, item 3: an agent's log (`POST /v1/calls` with `providerCallId`) and the
 * provider's events for that call are one call, in either order and when they race:
 * one row, the outcome applied once, counted once by the reports. The agent's
 * disposition wins; the timestamps are the provider's.
 */
describe('one call, one record (agent log + provider events)', () => {
  let h: CallsHarness;
  const clock = new FixedClock(new Date());
  const tenant = newTenant('one');
  let agentToken: string;
  let adminToken: string;

  const providerTimes = { started: '2026-11-02T09:00:00Z', answered: '2026-11-02T09:00:10Z', ended: '2026-11-02T09:04:10Z' };
  const agentLog = (contactId: string, campaignId: string, providerCallId: string, disposition = 'sale') => ({
    contactId,
    campaignId,
    providerCallId,
    direction: 'outbound',
    // The agent's clock is a little off: the provider's times must win.
    startedAt: '2026-11-02T09:00:03Z',
    answeredAt: '2026-11-02T09:00:12Z',
    endedAt: '2026-11-02T09:04:30Z',
    disposition,
    notes: 'Bought the annual plan',
  });
  const providerEvents = (phone: string, callId: string, campaignId: string, disposition = 'no_answer'): TelephonyEvent[] => [
    { eventId: randomUUID(), type: 'call.started', tenantId: tenant, callId, occurredAt: providerTimes.started, contactPhone: phone, campaignId },
    { eventId: randomUUID(), type: 'call.answered', tenantId: tenant, callId, occurredAt: providerTimes.answered, contactPhone: phone, campaignId },
    {
      eventId: randomUUID(),
      type: 'call.ended',
      tenantId: tenant,
      callId,
      occurredAt: providerTimes.ended,
      contactPhone: phone,
      campaignId,
      disposition: disposition as TelephonyEvent['disposition'],
    },
  ];
  const sendAll = async (events: TelephonyEvent[]) => {
    for (const e of events) expect((await postEvent(h.t, e, { timestamp: clock.now().getTime() / 1000 })).status).toBe(202);
    await drained(h.t);
  };
  const rowsOf = async (callId: string) =>
    (await h.sql.query('SELECT id, disposition, outcome_disposition FROM calls WHERE tenant_id = $1 AND provider_call_id = $2', [tenant, callId])).rows;
  const contactVersion = async (id: string) => (await h.api<ContactDto>('GET', `/v1/contacts/${id}`, agentToken)).body.version;
  const report = async (campaignId: string) => (await h.api<CampaignReportDto>('GET', `/v1/reports/campaigns/${campaignId}`, agentToken)).body;

  /** A fresh contact in a fresh active campaign: each scenario's figures stand alone. */
  const setUp = async () => {
    const contact = await h.createContact(agentToken);
    const campaignId = await h.createCampaign(adminToken, [contact.id]);
    return { contact, campaignId, callId: `CA-${randomUUID()}` };
  };

  const expectOneCall = async (contactId: string, campaignId: string, callId: string) => {
    const rows = await rowsOf(callId);
    expect(rows).toHaveLength(1);
    const call = (await h.api<CallDto>('GET', `/v1/calls/${rows[0].id}`, agentToken)).body;
    expect(call).toMatchObject({
      contactId,
      campaignId,
      providerCallId: callId,
      disposition: 'sale',
      notes: 'Bought the annual plan',
      startedAt: '2026-11-02T09:00:00.000Z',
      answeredAt: '2026-11-02T09:00:10.000Z',
      endedAt: '2026-11-02T09:04:10.000Z',
    });
    expect(call.agentId).toEqual(expect.any(String));
    const figures = await report(campaignId);
    expect(figures).toMatchObject({ calls: 1, answered: 1, talkSeconds: 240 });
    expect(figures.dispositions).toMatchObject({ sale: 1, no_answer: 0 });
    expect(await h.campaignContactState(campaignId, contactId)).toMatchObject({ state: 'done' });
  };

  beforeAll(async () => {
    h = await startCallsHarness({ modules: [TelephonyModule, ReportsModule], clock });
    agentToken = await h.token({ tenant, role: 'agent', sub: 'auth0|agent-one' });
    adminToken = await h.token({ tenant, role: 'admin', sub: 'auth0|admin-one' });
  });
  afterAll(() => h?.close());

  it('agent first, then the provider: one call, the agent’s disposition, the provider’s times, the outcome once', async () => {
    const { contact, campaignId, callId } = await setUp();
    const logged = await h.api<CallDto>('POST', '/v1/calls', agentToken, agentLog(contact.id, campaignId, callId));
    expect(logged.status).toBe(201);
    expect(logged.body).toMatchObject({ providerCallId: callId, disposition: 'sale', startedAt: '2026-11-02T09:00:03.000Z' });
    const afterLog = await contactVersion(contact.id);

    await sendAll(providerEvents(contact.phone, callId, campaignId));

    await expectOneCall(contact.id, campaignId, callId);
    // The provider's end changed neither the contact nor the campaign contact again.
    expect(await contactVersion(contact.id)).toBe(afterLog);
  });

  it('provider first, then the agent: one call, the agent’s disposition wins and its outcome is applied', async () => {
    const { contact, campaignId, callId } = await setUp();
    await sendAll(providerEvents(contact.phone, callId, campaignId, 'no_answer'));
    expect(await rowsOf(callId)).toMatchObject([{ disposition: 'no_answer', outcome_disposition: 'no_answer' }]);

    const logged = await h.api<CallDto>('POST', '/v1/calls', agentToken, agentLog(contact.id, campaignId, callId));
    expect(logged.status).toBe(201);
    expect(logged.body).toMatchObject({ disposition: 'sale', startedAt: '2026-11-02T09:00:00.000Z', endedAt: '2026-11-02T09:04:10.000Z' });

    await expectOneCall(contact.id, campaignId, callId);
    expect(await rowsOf(callId)).toMatchObject([{ outcome_disposition: 'sale' }]);
  });

  it('provider first with the same disposition: the agent’s log applies no outcome twice', async () => {
    const { contact, campaignId, callId } = await setUp();
    await sendAll(providerEvents(contact.phone, callId, campaignId, 'sale'));
    const afterEvents = await contactVersion(contact.id);
    expect((await h.api('POST', '/v1/calls', agentToken, agentLog(contact.id, campaignId, callId))).status).toBe(201);
    await expectOneCall(contact.id, campaignId, callId);
    expect(await contactVersion(contact.id)).toBe(afterEvents);
  });

  it('the log still needs a contact of the tenant when it merges', async () => {
    const { contact, campaignId, callId } = await setUp();
    await sendAll(providerEvents(contact.phone, callId, campaignId, 'sale'));
    const res = await h.api('POST', '/v1/calls', agentToken, agentLog(randomUUID(), campaignId, callId));
    expect(res).toMatchObject({ status: 404, body: { code: 'CONTACT.NOT_FOUND' } });
    expect(await rowsOf(callId)).toMatchObject([{ disposition: 'sale' }]);
  });

  it('rejects an empty or oversized providerCallId (400)', async () => {
    const { contact, campaignId } = await setUp();
    for (const providerCallId of ['', 'x'.repeat(201)]) {
      const res = await h.api<{ errors: { field: string }[] }>('POST', '/v1/calls', agentToken, agentLog(contact.id, campaignId, providerCallId));
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e) => e.field)).toContain('providerCallId');
    }
  });

  it('racing writers (agent log against the provider’s end, and two agent logs) make one row and apply the outcome once', async () => {
    const calls = h.t.app.get(CallsService);
    const events = h.t.app.get(CallEventsService);
    const agentId = (await h.agentIdOf(tenant, 'auth0|agent-one'))!;
    const rounds = 12;
    const scenarios = await Promise.all(Array.from({ length: rounds }, () => setUp()));
    // Round by round: one agent's logs take turns on its row (agent states), so
    // 24 writers at once would only queue for the pool; each round's two race.
    for (const [i, { contact, campaignId, callId }] of scenarios.entries()) {
      const log = () => calls.create({ tenantId: tenant, agentId }, agentLog(contact.id, campaignId, callId) as never);
      const ended = providerEvents(contact.phone, callId, campaignId, 'sale')[2]!;
      // Half the rounds race a log against the provider's end, half two logs (a client's retry) against each other.
      await Promise.all(i % 2 === 0 ? [log(), events.apply(ended)] : [log(), log()]);
    }
    for (const { contact, campaignId, callId } of scenarios) {
      expect(await rowsOf(callId)).toMatchObject([{ disposition: 'sale', outcome_disposition: 'sale' }]);
      // Created at version 1; the outcome changed the contact exactly once.
      expect(await contactVersion(contact.id)).toBe(2);
      const figures = await report(campaignId);
      expect(figures.calls).toBe(1);
      expect(figures.dispositions.sale).toBe(1);
    }
  });
});
