import { AgentsModule } from '#switchboard/agents';
import { FixedClock, type Problem } from '#switchboard/common';
import { ReportsModule } from '#switchboard/reports';
import { newTenant, startCallsHarness, type CallsHarness } from '../calls/calls-harness.js';

const START = '2026-03-10T18:00:00.000Z'; // inside the legal calling hours (08:00–21:00) of every US zone but Hawaii's edge
const LEASE_SECONDS = 120;
const at = (offsetSeconds: number) => new Date(Date.parse(START) + offsetSeconds * 1000).toISOString();

interface AgentBody {
  id: string;
  state: string;
  stateSince: string;
  stateUntil: string | null;
  breakReason: string | null;
  campaignId: string | null;
  contactId: string | null;
  version: number;
}
interface Stay {
  state: string;
  reason: string | null;
  campaignId: string | null;
  contactId: string | null;
  from: string;
  to: string | null;
}

/**
 * Agent states (issue 22, item 3), black-box over HTTP with the clock moved:
 * next-contact reserves, logging a call wraps up until `available` or the
 * campaign's wrapUpSeconds, a break or offline agent is refused a contact, every
 * change is in the history, the board filters and answers 304, and the agents
 * report gives time in each state and per break reason.
 */
describe('agent states', () => {
  const clock = new FixedClock(new Date(START));
  let h: CallsHarness;

  beforeAll(async () => {
    h = await startCallsHarness({ modules: [AgentsModule, ReportsModule], clock, env: { CAMPAIGN_LEASE_SECONDS: String(LEASE_SECONDS) } });
  });
  afterAll(() => h?.close());
  beforeEach(() => clock.set(START));

  /** A tenant with an admin, one agent and an active campaign (the whole legal day) of `contacts` contacts with a 45 s wrap-up. */
  async function world(contacts = 2) {
    const tenant = newTenant('states');
    const admin = await h.token({ tenant, role: 'admin' });
    const agent = await h.token({ tenant, role: 'agent', sub: `agent-${tenant}` });
    const me = (await h.api<AgentBody>('GET', '/v1/me', agent)).body;
    const contactIds: string[] = [];
    for (let i = 0; i < contacts; i++) contactIds.push((await h.createContact(admin)).id);
    const created = await h.api<{ id: string; wrapUpSeconds: number }>('POST', '/v1/campaigns', admin, {
      name: 'Renewals',
      callerId: '+12025550100',
      timezone: 'UTC',
      window: { start: '08:00', end: '21:00' },
      wrapUpSeconds: 45,
    });
    expect(created).toMatchObject({ status: 201, body: { wrapUpSeconds: 45 } });
    const campaignId = created.body.id;
    if (contactIds.length) expect((await h.api('POST', `/v1/campaigns/${campaignId}/contacts`, admin, { contactIds })).status).toBe(200);
    expect((await h.api('POST', `/v1/campaigns/${campaignId}/start`, admin)).status).toBe(200);
    return { tenant, admin, agent, agentId: me.id, campaignId, contactIds };
  }

  const me = async (token: string) => (await h.api<AgentBody>('GET', '/v1/me', token)).body;
  const next = (token: string, campaignId: string) =>
    h.api<{ contact: { id: string }; leaseExpiresAt: string }>('POST', `/v1/campaigns/${campaignId}/next-contact`, token);
  const setState = (token: string, state: string, reason?: string) => h.api<AgentBody>('PUT', '/v1/me/state', token, { state, ...(reason ? { reason } : {}) });
  const ago = (seconds: number) => new Date(clock.now().getTime() - seconds * 1000).toISOString();
  const logCall = (token: string, campaignId: string, contactId: string) =>
    h.api('POST', '/v1/calls', token, {
      contactId,
      campaignId,
      direction: 'outbound',
      startedAt: ago(50),
      answeredAt: ago(40),
      endedAt: ago(0),
      disposition: 'no_answer',
    });
  const history = async (admin: string, agentId: string) => (await h.api<{ items: Stay[] }>('GET', `/v1/agents/${agentId}/states?limit=50`, admin)).body.items;

  it('a new agent starts available; next-contact reserves it with the campaign, the contact and the lease', async () => {
    const w = await world();
    expect(await me(w.agent)).toMatchObject({ state: 'available', stateSince: START, stateUntil: null });
    clock.advance(10_000);
    const handed = await next(w.agent, w.campaignId);
    expect(handed.status).toBe(200);
    expect(await me(w.agent)).toMatchObject({
      state: 'reserved',
      stateSince: at(10),
      stateUntil: handed.body.leaseExpiresAt,
      campaignId: w.campaignId,
      contactId: handed.body.contact.id,
    });
    // The same lease again only moves its expiry: still one reserved stay.
    clock.advance(30_000);
    const again = await next(w.agent, w.campaignId);
    expect(again.body.contact.id).toBe(handed.body.contact.id);
    expect(await me(w.agent)).toMatchObject({ state: 'reserved', stateSince: at(10), stateUntil: at(40 + LEASE_SECONDS) });
    expect((await history(w.admin, w.agentId)).map((s) => [s.state, s.from, s.to])).toEqual([
      ['reserved', at(10), null],
      ['available', START, at(10)],
    ]);
  });

  it('a reserved agent whose lease expired is available again from the expiry', async () => {
    const w = await world();
    await next(w.agent, w.campaignId);
    clock.advance((LEASE_SECONDS + 5) * 1000);
    expect(await me(w.agent)).toMatchObject({ state: 'available', stateSince: at(LEASE_SECONDS), stateUntil: null, campaignId: null, contactId: null });
  });

  it('logging a call puts the agent in wrap_up; it ends when the agent says available', async () => {
    const w = await world();
    const handed = await next(w.agent, w.campaignId);
    clock.advance(90_000);
    expect((await logCall(w.agent, w.campaignId, handed.body.contact.id)).status).toBe(201);
    expect(await me(w.agent)).toMatchObject({
      state: 'wrap_up',
      stateSince: at(90),
      stateUntil: at(135),
      campaignId: w.campaignId,
      contactId: handed.body.contact.id,
    });
    clock.advance(20_000);
    const ready = await setState(w.agent, 'available');
    expect(ready).toMatchObject({ status: 200, body: { state: 'available', stateSince: at(110), stateUntil: null } });
    expect((await history(w.admin, w.agentId)).map((s) => [s.state, s.from, s.to])).toEqual([
      ['available', at(110), null],
      ['wrap_up', at(90), at(110)],
      ['reserved', at(0), at(90)],
    ]);
  });

  it("wrap_up ends by itself after the campaign's wrapUpSeconds, and next-contact during it takes the next contact", async () => {
    const w = await world(3);
    const first = await next(w.agent, w.campaignId);
    await logCall(w.agent, w.campaignId, first.body.contact.id);
    clock.advance(44_000);
    expect((await me(w.agent)).state).toBe('wrap_up');
    clock.advance(1_000);
    expect(await me(w.agent)).toMatchObject({ state: 'available', stateSince: at(45), stateUntil: null });
    expect((await history(w.admin, w.agentId)).slice(0, 2).map((s) => [s.state, s.from, s.to])).toEqual([
      ['available', at(45), null],
      ['wrap_up', at(0), at(45)],
    ]);

    // An agent who is done early may ask for the next contact while wrapping up.
    const second = await next(w.agent, w.campaignId);
    await logCall(w.agent, w.campaignId, second.body.contact.id);
    clock.advance(5_000);
    const third = await next(w.agent, w.campaignId);
    expect(third.status).toBe(200);
    expect(await me(w.agent)).toMatchObject({ state: 'reserved', contactId: third.body.contact.id });
  });

  it.each([
    ['on a break', 'break', 'lunch'],
    ['offline', 'offline', undefined],
  ])('next-contact answers 409 AGENT.NOT_AVAILABLE to an agent %s, and hands nothing out', async (_, state, reason) => {
    const w = await world();
    expect((await setState(w.agent, state, reason)).status).toBe(200);
    const refused = await h.api<Problem>('POST', `/v1/campaigns/${w.campaignId}/next-contact`, w.agent);
    expect(refused).toMatchObject({ status: 409, body: { code: 'AGENT.NOT_AVAILABLE' } });
    const { rows } = await h.sql.query(`SELECT count(*)::int AS n FROM campaign_contacts WHERE campaign_id = $1 AND state = 'leased'`, [w.campaignId]);
    expect(rows[0].n).toBe(0);
    expect((await me(w.agent)).state).toBe(state);
    await setState(w.agent, 'available');
    expect((await next(w.agent, w.campaignId)).status).toBe(200);
  });

  it('a campaign changes its wrapUpSeconds (0 means none); outside 0–3600 or not an integer → 400', async () => {
    const w = await world();
    const patch = (wrapUpSeconds: unknown) => h.api<{ wrapUpSeconds: number }>('PATCH', `/v1/campaigns/${w.campaignId}`, w.admin, { wrapUpSeconds });
    for (const bad of [-1, 3601, 1.5, '30', null]) expect([bad, (await patch(bad)).status]).toEqual([bad, 400]);
    expect(await patch(0)).toMatchObject({ status: 200, body: { wrapUpSeconds: 0 } });
    const handed = await next(w.agent, w.campaignId);
    await logCall(w.agent, w.campaignId, handed.body.contact.id);
    expect(await me(w.agent)).toMatchObject({ state: 'available', stateUntil: null });
  });

  it('a late log from an agent on a break leaves it on its break', async () => {
    const w = await world();
    const handed = await next(w.agent, w.campaignId);
    await setState(w.agent, 'break', 'rest');
    expect((await logCall(w.agent, w.campaignId, handed.body.contact.id)).status).toBe(201);
    expect(await me(w.agent)).toMatchObject({ state: 'break', breakReason: 'rest' });
  });

  it('records every change in the history with its reason, campaign and contact; an admin sets another agent offline', async () => {
    const w = await world();
    clock.advance(60_000);
    await setState(w.agent, 'break', 'training');
    clock.advance(600_000);
    await setState(w.agent, 'available');
    clock.advance(5_000);
    const handed = await next(w.agent, w.campaignId);
    clock.advance(30_000);
    const forced = await h.api<AgentBody>('PUT', `/v1/agents/${w.agentId}/state`, w.admin, { state: 'offline' });
    expect(forced).toMatchObject({ status: 200, body: { state: 'offline' } });
    expect(await history(w.admin, w.agentId)).toEqual([
      expect.objectContaining({ state: 'offline', reason: null, from: at(695), to: null }),
      expect.objectContaining({ state: 'reserved', campaignId: w.campaignId, contactId: handed.body.contact.id, from: at(665), to: at(695) }),
      expect.objectContaining({ state: 'available', from: at(660), to: at(665) }),
      expect.objectContaining({ state: 'break', reason: 'training', from: at(60), to: at(660) }),
      expect.objectContaining({ state: 'available', from: START, to: at(60) }),
    ]);
    expect((await h.api('PUT', `/v1/agents/${w.agentId}/state`, w.agent, { state: 'available' })).status).toBe(403);
    expect((await h.api('GET', `/v1/agents/${w.agentId}/states`, w.agent)).status).toBe(403);
    const other = await h.token({ tenant: newTenant('other'), role: 'admin' });
    expect((await h.api('GET', `/v1/agents/${w.agentId}/states`, other)).status).toBe(404);
  });

  it('the board filters by state, shows campaign and contact, and answers 304 while nothing changed', async () => {
    const w = await world();
    const supervisor = await h.token({ tenant: w.tenant, role: 'supervisor' });
    const handed = await next(w.agent, w.campaignId);
    const reserved = await h.api<{ items: AgentBody[] }>('GET', '/v1/agents?state=reserved', supervisor);
    expect(reserved.status).toBe(200);
    expect(reserved.body.items).toEqual([
      expect.objectContaining({ id: w.agentId, state: 'reserved', stateSince: START, campaignId: w.campaignId, contactId: handed.body.contact.id }),
    ]);
    const etag = reserved.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);

    const unchanged = await h.api('GET', '/v1/agents?state=reserved', supervisor, undefined, { 'if-none-match': etag, 'cache-control': 'no-cache' });
    expect(unchanged.status).toBe(304);
    expect(unchanged.body).toBeUndefined();
    expect(unchanged.headers.get('etag')).toBe(etag);

    await logCall(w.agent, w.campaignId, handed.body.contact.id);
    const changed = await h.api<{ items: AgentBody[] }>('GET', '/v1/agents?state=reserved', supervisor, undefined, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.body.items).toEqual([]);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const wrapping = await h.api<{ items: AgentBody[] }>('GET', '/v1/agents?state=wrap_up', supervisor);
    expect(wrapping.body.items.map((a) => a.id)).toEqual([w.agentId]);

    // A lapse changes the board without any write: the wrap-up ends after 45 s.
    const before = wrapping.headers.get('etag')!;
    clock.advance(46_000);
    const lapsed = await h.api<{ items: AgentBody[] }>('GET', '/v1/agents?state=wrap_up', supervisor, undefined, { 'if-none-match': before });
    expect(lapsed).toMatchObject({ status: 200, body: { items: [] } });
    expect((await h.api<{ items: AgentBody[] }>('GET', '/v1/agents?state=available', supervisor)).body.items.map((a) => a.id)).toContain(w.agentId);
  });

  it('the agents report gives the time in each state within [from, to) and the breaks by reason', async () => {
    const w = await world();
    clock.advance(100_000); // available 0–100
    const handed = await next(w.agent, w.campaignId); // reserved 100–160
    clock.advance(60_000);
    await logCall(w.agent, w.campaignId, handed.body.contact.id); // wrap_up 160–205 (lapses after 45 s)
    clock.advance(100_000); // available 205–260
    await setState(w.agent, 'break', 'lunch'); // lunch 260–560
    clock.advance(300_000);
    await setState(w.agent, 'break', 'rest'); // rest 560–620
    clock.advance(60_000);
    await setState(w.agent, 'offline'); // offline 620–now (700)
    clock.advance(80_000);

    type Report = { items: { agentId: string; calls: number; stateSeconds: Record<string, number>; breaks: { reason: string; seconds: number }[] }[] };
    const whole = await h.api<Report>('GET', `/v1/reports/agents?from=${encodeURIComponent(START)}&to=${encodeURIComponent(at(3600))}`, w.admin);
    expect(whole.status).toBe(200);
    const mine = whole.body.items.find((i) => i.agentId === w.agentId)!;
    expect(mine).toMatchObject({
      calls: 1,
      stateSeconds: { available: 155, reserved: 60, wrap_up: 45, break: 360, offline: 80 },
      breaks: [
        { reason: 'lunch', seconds: 300 },
        { reason: 'rest', seconds: 60 },
      ],
    });

    const window = await h.api<Report>('GET', `/v1/reports/agents?from=${encodeURIComponent(at(150))}&to=${encodeURIComponent(at(300))}`, w.admin);
    expect(window.body.items.find((i) => i.agentId === w.agentId)).toMatchObject({
      stateSeconds: { available: 55, reserved: 10, wrap_up: 45, break: 40, offline: 0 },
      breaks: [{ reason: 'lunch', seconds: 40 }],
    });
  });

  describe('break reasons', () => {
    it('every agent reads them (defaults first); an admin replaces them, and a break takes only a listed reason', async () => {
      const w = await world(0);
      const defaults = await h.api<{ items: { code: string }[] }>('GET', '/v1/agents/break-reasons', w.agent);
      expect(defaults.status).toBe(200);
      expect(defaults.body.items.map((r) => r.code)).toEqual(['lunch', 'rest', 'training', 'meeting']);

      const items = [
        { code: 'coaching', label: 'Coaching' },
        { code: 'lunch', label: 'Lunch' },
      ];
      expect(await h.api('PUT', '/v1/agents/break-reasons', w.admin, { items })).toMatchObject({ status: 200, body: { items } });
      expect((await h.api('GET', '/v1/agents/break-reasons', w.agent)).body).toEqual({ items });
      expect((await setState(w.agent, 'break', 'coaching')).status).toBe(200);
      expect(await h.api('PUT', '/v1/me/state', w.agent, { state: 'break', reason: 'training' })).toMatchObject({
        status: 400,
        body: { errors: [{ field: 'reason', code: 'UNKNOWN_BREAK_REASON' }] },
      });
      // Another tenant still has the defaults.
      const other = await h.token({ tenant: newTenant('other'), role: 'agent' });
      expect((await h.api<{ items: unknown[] }>('GET', '/v1/agents/break-reasons', other)).body.items).toHaveLength(4);
    });

    it.each([
      ['no reasons', { items: [] }],
      [
        'a code listed twice',
        {
          items: [
            { code: 'lunch', label: 'A' },
            { code: 'lunch', label: 'B' },
          ],
        },
      ],
      ['a malformed code', { items: [{ code: 'Lunch Break', label: 'Lunch' }] }],
      ['an empty label', { items: [{ code: 'lunch', label: '' }] }],
      ['an unknown field', { items: [{ code: 'lunch', label: 'Lunch', paid: true }] }],
    ])('400 for %s; 403 without agents:write', async (_, body) => {
      const w = await world(0);
      expect((await h.api('PUT', '/v1/agents/break-reasons', w.admin, body)).status).toBe(400);
      const supervisor = await h.token({ tenant: w.tenant, role: 'supervisor' });
      expect((await h.api('PUT', '/v1/agents/break-reasons', supervisor, { items: [{ code: 'x', label: 'X' }] })).status).toBe(403);
    });
  });
});
