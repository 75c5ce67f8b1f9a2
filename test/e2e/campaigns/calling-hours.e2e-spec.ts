import { FixedClock, type Problem } from '#switchboard/common';
import { CampaignsRepository, CampaignsService, type NextContactDto } from '#switchboard/campaigns';
import { TenantsModule } from '#switchboard/tenants';
import { DataSource, type EntityManager } from 'typeorm';
import { waitFor } from '../../support/feature-harness.js';
import { startCallsHarness, type CallsHarness } from '../calls/calls-harness.js';

const START = '2026-03-10T14:00:00.000Z'; // 10:00 in New York (EDT), 04:00 in Honolulu, 01:00 (11 March) in Sydney
const fieldsOf = (body: { errors?: { field: string; code: string }[] }) => (body.errors ?? []).map((e) => `${e.field}:${e.code}`);

/**
 * Issue 21, items 2 and 5, as black-box HTTP: calling hours in the callee's own
 * time zone, the tenant's legal hours, progress, and leases that belong to their agent.
 */
describe("calling hours in the callee's time zone, and leases that belong to their agent", () => {
  const clock = new FixedClock(new Date(START));
  let h: CallsHarness;
  let admin: string;
  let supervisor: string;
  let agentA: string;
  let agentB: string;
  let agentC: string;
  let tenant: string;
  let tenantSeq = 0;

  beforeAll(async () => {
    h = await startCallsHarness({ modules: [TenantsModule], clock });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    clock.set(START);
    // A tenant per test: its legal hours start at the default.
    tenant = `hours-${++tenantSeq}`;
    admin = await h.token({ tenant, role: 'admin' });
    supervisor = await h.token({ tenant, role: 'supervisor' });
    [agentA, agentB, agentC] = await Promise.all(['a', 'b', 'c'].map((s) => h.token({ tenant, role: 'agent', sub: `${tenant}-agent-${s}` })));
  });

  const next = <T = NextContactDto>(token: string, campaignId: string) => h.api<T>('POST', `/v1/campaigns/${campaignId}/next-contact`, token);
  const contactsWithZones = async (zones: (string | null)[]) => {
    const ids: string[] = [];
    for (const zone of zones) {
      const { id } = await h.createContact(admin);
      // contacts.time_zone belongs to the contacts feature; where it exists, a contact's own zone is set there.
      if (zone) await h.sql.query(`UPDATE campaign_contacts SET time_zone = $2 WHERE contact_id = $1`, [id, zone]);
      ids.push(id);
    }
    return ids;
  };
  async function campaign(window: { start: string; end: string }, timezone = 'America/New_York') {
    const res = await h.api<{ id: string }>('POST', '/v1/campaigns', admin, { name: 'Hours', callerId: '+12025550100', timezone, window });
    expect(res.status).toBe(201);
    return res.body.id;
  }
  async function fill(id: string, contactIds: string[], zones: Record<string, string> = {}) {
    await expect(h.api('POST', `/v1/campaigns/${id}/contacts`, admin, { contactIds })).resolves.toMatchObject({ status: 200 });
    for (const [contactId, zone] of Object.entries(zones)) {
      await h.sql.query(`UPDATE campaign_contacts SET time_zone = $3 WHERE campaign_id = $1 AND contact_id = $2`, [id, contactId, zone]);
      await h.sql.query(`UPDATE campaigns SET time_zones = array_append(time_zones, $2) WHERE id = $1 AND NOT ($2 = ANY (time_zones))`, [id, zone]);
    }
    await expect(h.api('POST', `/v1/campaigns/${id}/start`, admin)).resolves.toMatchObject({ status: 200 });
  }

  describe('GET/PATCH /v1/tenant/settings', () => {
    it('defaults to 08:00–21:00; an admin changes it; supervisors read but cannot change; agents neither', async () => {
      await expect(h.api('GET', '/v1/tenant/settings', supervisor)).resolves.toMatchObject({
        status: 200,
        body: { callingHours: { start: '08:00', end: '21:00' }, version: 0 },
      });
      await expect(h.api('PATCH', '/v1/tenant/settings', supervisor, { callingHours: { start: '09:00', end: '20:00' } })).resolves.toMatchObject({
        status: 403,
      });
      await expect(h.api('GET', '/v1/tenant/settings', agentA)).resolves.toMatchObject({ status: 403 });
      await expect(h.api('PATCH', '/v1/tenant/settings', admin, { callingHours: { start: '09:00', end: '20:00' } })).resolves.toMatchObject({
        status: 200,
        body: { callingHours: { start: '09:00', end: '20:00' }, version: 1 },
      });
      await expect(h.api('GET', '/v1/tenant/settings', admin)).resolves.toMatchObject({ body: { callingHours: { start: '09:00', end: '20:00' }, version: 1 } });
    });

    it.each([
      ['an empty window', { callingHours: { start: '09:00', end: '09:00' } }, 'callingHours:EMPTY_WINDOW'],
      ['a malformed time', { callingHours: { start: '9:00', end: '20:00' } }, 'callingHours.start:MATCHES'],
      ['no hours', {}, 'callingHours:IS_NOT_EMPTY_OBJECT'],
      ['an unknown field', { callingHours: { start: '09:00', end: '20:00' }, days: 5 }, 'days:UNKNOWN_FIELD'],
    ])('400 for %s', async (_, body, expected) => {
      const res = await h.api<Problem>('PATCH', '/v1/tenant/settings', admin, body);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toContain(expected);
    });
  });

  it('400 for a campaign window outside the legal hours, on create and on PATCH', async () => {
    const created = await h.api<Problem>('POST', '/v1/campaigns', admin, {
      name: 'x',
      callerId: '+12025550100',
      timezone: 'UTC',
      window: { start: '07:00', end: '12:00' },
    });
    expect(created.status).toBe(400);
    expect(fieldsOf(created.body)).toEqual(['window:OUTSIDE_CALLING_HOURS']);
    const id = await campaign({ start: '09:00', end: '17:00' });
    const patched = await h.api<Problem>('PATCH', `/v1/campaigns/${id}`, admin, { window: { start: '20:00', end: '22:00' } });
    expect(fieldsOf(patched.body)).toEqual(['window:OUTSIDE_CALLING_HOURS']);
    await h.api('PATCH', '/v1/tenant/settings', admin, { callingHours: { start: '07:00', end: '22:00' } });
    await expect(h.api('PATCH', `/v1/campaigns/${id}`, admin, { window: { start: '20:00', end: '22:00' } })).resolves.toMatchObject({ status: 200 });
  });

  it('hands out only contacts whose own local time is inside the window and the legal hours; the others are skipped, not 409', async () => {
    // The case: a New York campaign whose window is open there, with a Honolulu and a Sydney number.
    const id = await campaign({ start: '09:00', end: '17:00' });
    const [honolulu, sydney, newYork] = await contactsWithZones([null, null, null]);
    await fill(id, [honolulu!, sydney!, newYork!], { [honolulu!]: 'Pacific/Honolulu', [sydney!]: 'Australia/Sydney' });

    const first = await next(agentA, id);
    expect(first).toMatchObject({ status: 200, body: { contact: { id: newYork, timeZone: 'America/New_York' } } });
    await expect(next(agentB, id)).resolves.toMatchObject({ status: 204 });
    await expect(h.api('GET', `/v1/campaigns/${id}/progress`, supervisor)).resolves.toMatchObject({
      status: 200,
      body: { pending: 2, leased: 1, done: 0, doNotCall: 0, outsideHoursNow: 2 },
    });

    const at = clock.now().toISOString();
    const call = { contactId: newYork, campaignId: id, direction: 'outbound', startedAt: at, endedAt: at, disposition: 'sale' };
    await expect(h.api('POST', '/v1/calls', agentA, call)).resolves.toMatchObject({ status: 201 });

    // 19:00Z: 15:00 in New York, 09:00 in Honolulu, 06:00 in Sydney.
    clock.set('2026-03-10T19:00:00Z');
    await expect(next(agentB, id)).resolves.toMatchObject({ status: 200, body: { contact: { id: honolulu, timeZone: 'Pacific/Honolulu' } } });
    await expect(next(agentC, id)).resolves.toMatchObject({ status: 204 });
    // 23:00Z: 10:00 in Sydney (11 March), 19:00 in New York (outside the window), 13:00 in Honolulu.
    clock.set('2026-03-10T23:00:00Z');
    await expect(next(agentC, id)).resolves.toMatchObject({ status: 200, body: { contact: { id: sydney, timeZone: 'Australia/Sydney' } } });
  });

  it('the legal hours bound the window: a tenant that narrows them narrows the hand-out', async () => {
    const id = await campaign({ start: '09:00', end: '17:00' });
    await fill(id, await contactsWithZones([null]));
    await h.api('PATCH', '/v1/tenant/settings', admin, { callingHours: { start: '11:00', end: '21:00' } });
    await expect(next(agentA, id)).resolves.toMatchObject({ status: 204 }); // 10:00 in New York
    clock.set('2026-03-10T15:00:00Z');
    await expect(next(agentA, id)).resolves.toMatchObject({ status: 200 });
  });

  it('adding contacts skips listed numbers ({added, skipped}), and progress counts one listed after it joined', async () => {
    const id = await campaign({ start: '09:00', end: '17:00' });
    const [one, two, listed] = await contactsWithZones([null, null, null]);
    await h.sql.query(`UPDATE contacts SET status = 'do_not_call' WHERE id = $1`, [listed]);
    await expect(h.api('POST', `/v1/campaigns/${id}/contacts`, admin, { contactIds: [one, two, listed] })).resolves.toMatchObject({
      status: 200,
      body: { added: 2, skipped: 1 },
    });
    await h.api('POST', `/v1/campaigns/${id}/start`, admin);
    await h.sql.query(`UPDATE contacts SET status = 'do_not_call' WHERE id = $1`, [two]);
    await expect(next(agentA, id)).resolves.toMatchObject({ status: 200, body: { contact: { id: one } } });
    await expect(next(agentB, id)).resolves.toMatchObject({ status: 204 });
    await expect(h.api('GET', `/v1/campaigns/${id}/progress`, agentA)).resolves.toMatchObject({
      body: { pending: 0, leased: 1, done: 0, doNotCall: 1, outsideHoursNow: 0 },
    });
  });

  describe('leases', () => {
    const logCall = (token: string, campaignId: string, contactId: string, disposition: string) =>
      h.api('POST', '/v1/calls', token, {
        contactId,
        campaignId,
        direction: 'outbound',
        startedAt: clock.now().toISOString(),
        endedAt: clock.now().toISOString(),
        disposition,
      });
    const stateOf = async (campaignId: string, contactId: string) =>
      (await h.sql.query(`SELECT state FROM campaign_contacts WHERE campaign_id = $1 AND contact_id = $2`, [campaignId, contactId])).rows[0].state as string;

    it("another agent's call on a leased contact is logged but leaves it alone; the holder's settles it", async () => {
      const id = await campaign({ start: '09:00', end: '17:00' });
      const contactIds = await contactsWithZones([null, null]);
      await fill(id, contactIds);
      const held = (await next(agentA, id)).body.contact.id;

      // The case: B logs a callback on A's contact; C must not get it while A holds it.
      await expect(logCall(agentB, id, held, 'callback')).resolves.toMatchObject({ status: 201 });
      await expect(stateOf(id, held)).resolves.toBe('leased');
      const other = await next(agentC, id);
      expect(other.body.contact.id).not.toBe(held);
      // Any other disposition from B does not mark it done either.
      await expect(logCall(agentB, id, held, 'sale')).resolves.toMatchObject({ status: 201 });
      await expect(stateOf(id, held)).resolves.toBe('leased');
      await expect(h.api<{ items: unknown[] }>('GET', `/v1/calls?contactId=${held}`, supervisor)).resolves.toMatchObject({ body: { items: [{}, {}] } });

      await expect(logCall(agentA, id, held, 'sale')).resolves.toMatchObject({ status: 201 });
      await expect(stateOf(id, held)).resolves.toBe('done');
    });

    it('anyone settles a leased contact once its lease has expired', async () => {
      const id = await campaign({ start: '09:00', end: '17:00' });
      const [contactId] = await contactsWithZones([null]);
      await fill(id, [contactId!]);
      await next(agentA, id);
      clock.advance(24 * 3600_000); // far past the lease, by the clock the database's now() stands in for
      clock.set('2026-03-11T14:00:00Z');
      await expect(logCall(agentB, id, contactId!, 'not_interested')).resolves.toMatchObject({ status: 201 });
      await expect(stateOf(id, contactId!)).resolves.toBe('done');
    });

    it('a paused campaign hands nothing out: the status is re-checked in the hand-out', async () => {
      const id = await campaign({ start: '09:00', end: '17:00' });
      await fill(id, await contactsWithZones([null, null, null]));
      // Pauses racing hand-outs: after the pause answers, no hand-out succeeds.
      const racing = await Promise.all([next(agentA, id), h.api('POST', `/v1/campaigns/${id}/pause`, admin), next(agentB, id)]);
      expect(racing[1].status).toBe(200);
      await expect(next(agentC, id)).resolves.toMatchObject({ status: 409, body: { code: 'CAMPAIGN.NOT_ACTIVE' } });
      const { rows } = await h.sql.query(`SELECT count(*)::int AS n FROM campaign_contacts WHERE campaign_id = $1 AND state = 'leased'`, [id]);
      expect(rows[0].n).toBe(racing.filter((r) => r.status === 200 && r !== racing[1]).length);
    });

    /** Runs `hold` in a transaction of the app's own database pool, kept open until the returned release is called. */
    async function heldTransaction(hold: (manager: EntityManager) => Promise<unknown>) {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let held!: () => void;
      const holding = new Promise<void>((resolve) => (held = resolve));
      const done = h.t.app.get(DataSource).transaction(async (manager) => {
        await hold(manager);
        held();
        await released;
      });
      await holding;
      return { release: async () => (release(), done) };
    }
    /** Until another session waits for an advisory lock (a hand-out lock of a campaign). */
    const advisoryLockWaiter = () =>
      waitFor(async () => (await h.sql.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)).rowCount! > 0);

    it('a pause waits for the hand-out in flight to finish', async () => {
      const id = await campaign({ start: '09:00', end: '17:00' });
      await fill(id, await contactsWithZones([null]));
      // A hand-out in flight: past its first statement, which takes the campaign's hand-out lock.
      const handOut = await heldTransaction((manager) => h.t.app.get(CampaignsService).findForHandOut(tenant, id, manager));
      let answered = false;
      const pause = h.api('POST', `/v1/campaigns/${id}/pause`, admin).finally(() => (answered = true));
      await advisoryLockWaiter();
      expect(answered).toBe(false);
      await handOut.release();
      await expect(pause).resolves.toMatchObject({ status: 200 });
      await expect(next(agentA, id)).resolves.toMatchObject({ status: 409, body: { code: 'CAMPAIGN.NOT_ACTIVE' } });
    });

    it('a hand-out that waited for a pause finds the campaign paused (409), and leases nothing', async () => {
      const id = await campaign({ start: '09:00', end: '17:00' });
      await fill(id, await contactsWithZones([null]));
      // A pause in flight: it holds the hand-out lock and has paused, not yet committed.
      const pause = await heldTransaction(async (manager) => {
        const campaigns = h.t.app.get(CampaignsRepository);
        await campaigns.lockHandOuts(id, manager);
        await campaigns.transition(tenant, id, ['active'], 'paused', clock.now(), manager);
      });
      const handOut = next(agentA, id);
      await advisoryLockWaiter();
      await pause.release();
      await expect(handOut).resolves.toMatchObject({ status: 409, body: { code: 'CAMPAIGN.NOT_ACTIVE' } });
      const { rows } = await h.sql.query(`SELECT count(*)::int AS n FROM campaign_contacts WHERE campaign_id = $1 AND state = 'leased'`, [id]);
      expect(rows[0].n).toBe(0);
    });
  });
});
