import { randomUUID } from 'node:crypto';
import { CampaignLeasesService, type NextContactDto } from '#switchboard/campaigns';
import { FixedClock, type Problem } from '#switchboard/common';
import { DataSource } from 'typeorm';
import { startCampaignsHarness, type CampaignsHarness } from './campaigns-harness.js';

const LEASE_SECONDS = 120;
const START = '2026-03-10T12:00:00.000Z';
const fieldsOf = (body: { errors?: { field: string; code: string }[] }) => (body.errors ?? []).map((e) => `${e.field}:${e.code}`);

describe('campaign contacts and next-contact', () => {
  const clock = new FixedClock(new Date(START));
  let h: CampaignsHarness;
  let admin: string;
  let agentA: string;
  let agentB: string;
  let agentC: string;

  beforeAll(async () => {
    h = await startCampaignsHarness({ clock, env: { CAMPAIGN_LEASE_SECONDS: String(LEASE_SECONDS) } });
    admin = await h.token({ tenant: 'acme', role: 'admin' });
    [agentA, agentB, agentC] = await Promise.all(['a', 'b', 'c'].map((s) => h.token({ tenant: 'acme', role: 'agent', sub: `agent-${s}` })));
  });
  afterAll(() => h.close());
  beforeEach(() => clock.set(START));

  /** A 200 answers a NextContactDto; a test reading another answer's body names its type. */
  const next = <T = NextContactDto>(token: string, campaignId: string) => h.api<T>('POST', `/v1/campaigns/${campaignId}/next-contact`, token);
  const addContacts = (campaignId: string, contactIds: unknown, token = admin) => h.api('POST', `/v1/campaigns/${campaignId}/contacts`, token, { contactIds });

  /** An active campaign (round-the-clock unless a window is given) holding `count` fresh contacts. */
  async function activeCampaign(count: number, overrides: Record<string, unknown> = {}) {
    const campaign = await h.createCampaign(admin, overrides);
    const contactIds = await h.insertContacts('acme', count);
    if (count > 0) await expect(addContacts(campaign.id, contactIds)).resolves.toMatchObject({ status: 200, body: { added: count, skipped: 0 } });
    await expect(h.api('POST', `/v1/campaigns/${campaign.id}/start`, admin)).resolves.toMatchObject({ status: 200 });
    return { id: campaign.id as string, contactIds };
  }

  const rowsOf = async (campaignId: string) =>
    (await h.sql.query(`SELECT contact_id, state, leased_to, lease_expires_at FROM campaign_contacts WHERE campaign_id = $1 ORDER BY contact_id`, [campaignId]))
      .rows;

  describe('POST /v1/campaigns/:id/contacts', () => {
    it('adds live contacts of the tenant and skips unknown, foreign, deleted, do_not_call, repeated and present ones', async () => {
      const campaign = await h.createCampaign(admin);
      const good = await h.insertContacts('acme', 3);
      const [dnc] = await h.insertContacts('acme', 1, { status: 'do_not_call' });
      const [deleted] = await h.insertContacts('acme', 1, { deleted: true });
      const [foreign] = await h.insertContacts('globex', 1);
      const res = await addContacts(campaign.id, [...good, dnc, deleted, foreign, randomUUID(), good[0]!.toUpperCase()]);
      expect(res).toMatchObject({ status: 200, body: { added: 3, skipped: 5 } });

      const [fourth] = await h.insertContacts('acme', 1, { status: 'callback' });
      await expect(addContacts(campaign.id, [good[1], fourth, good[2]])).resolves.toMatchObject({ status: 200, body: { added: 1, skipped: 2 } });
      const rows = await rowsOf(campaign.id);
      expect(rows.map((r) => r.contact_id).sort()).toEqual([...good, fourth].sort());
      expect(rows.every((r) => r.state === 'pending' && r.leased_to === null && r.lease_expires_at === null)).toBe(true);
    });

    it('accepts up to 1000 ids at once', async () => {
      const campaign = await h.createCampaign(admin);
      const ids = Array.from({ length: 1000 }, () => randomUUID());
      await expect(addContacts(campaign.id, ids)).resolves.toMatchObject({ status: 200, body: { added: 0, skipped: 1000 } });
    });

    it.each([
      ['no ids', [], 'contactIds:ARRAY_MIN_SIZE'],
      ['more than 1000 ids', Array.from({ length: 1001 }, () => randomUUID()), 'contactIds:ARRAY_MAX_SIZE'],
      ['an id that is not a uuid', ['42'], 'contactIds:IS_UUID'],
      ['a string instead of a list', 'all', 'contactIds:IS_ARRAY'],
      ['a missing list', undefined, 'contactIds:IS_ARRAY'],
    ])('400 for %s', async (_, contactIds, expected) => {
      const campaign = await h.createCampaign(admin);
      const res = await h.api<Problem>('POST', `/v1/campaigns/${campaign.id}/contacts`, admin, contactIds === undefined ? {} : { contactIds });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toContain(expected);
    });

    it('400 for an unknown field, 403 without campaigns:write, 404 for an unknown campaign', async () => {
      const campaign = await h.createCampaign(admin);
      const unknown = await h.api<Problem>('POST', `/v1/campaigns/${campaign.id}/contacts`, admin, { contactIds: [randomUUID()], priority: 1 });
      expect(fieldsOf(unknown.body)).toContain('priority:UNKNOWN_FIELD');
      await expect(addContacts(campaign.id, [randomUUID()], agentA)).resolves.toMatchObject({ status: 403 });
      await expect(addContacts(randomUUID(), [randomUUID()])).resolves.toMatchObject({ status: 404, body: { code: 'CAMPAIGN.NOT_FOUND' } });
    });

    it('409 on a completed campaign; active and paused ones still take contacts', async () => {
      const { id } = await activeCampaign(0);
      const [one, two] = await h.insertContacts('acme', 2);
      await expect(addContacts(id, [one])).resolves.toMatchObject({ status: 200, body: { added: 1 } });
      await h.api('POST', `/v1/campaigns/${id}/pause`, admin);
      await expect(addContacts(id, [two])).resolves.toMatchObject({ status: 200, body: { added: 1 } });
      await h.api('POST', `/v1/campaigns/${id}/complete`, admin);
      await expect(addContacts(id, [randomUUID()])).resolves.toMatchObject({ status: 409, body: { code: 'CAMPAIGN.COMPLETED' } });
    });
  });

  describe('POST /v1/campaigns/:id/next-contact', () => {
    it('leases a contact to the calling agent for CAMPAIGN_LEASE_SECONDS', async () => {
      const { id, contactIds } = await activeCampaign(1);
      const res = await next(agentA, id);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        campaignId: id,
        contact: {
          id: contactIds[0],
          name: expect.any(String),
          phone: expect.stringMatching(/^\+1415555\d{4}$/),
          email: expect.stringMatching(/@example\.com$/),
          status: 'new',
          timeZone: 'UTC',
        },
        leaseExpiresAt: new Date(Date.parse(START) + LEASE_SECONDS * 1000).toISOString(),
      });
      const { rows: agents } = await h.sql.query(`SELECT id FROM agents WHERE tenant_id = 'acme' AND sub = 'agent-a'`);
      await expect(rowsOf(id)).resolves.toEqual([
        { contact_id: contactIds[0], state: 'leased', leased_to: agents[0].id, lease_expires_at: new Date(res.body.leaseExpiresAt) },
      ]);
    });

    it('gives an agent the contact it already holds, with the lease extended; others get another one', async () => {
      const { id } = await activeCampaign(3);
      const first = await next(agentA, id);
      clock.advance(30_000);
      const again = await next(agentA, id);
      expect(again.status).toBe(200);
      expect(again.body.contact.id).toBe(first.body.contact.id);
      expect(again.body.leaseExpiresAt).toBe(new Date(Date.parse(START) + 30_000 + LEASE_SECONDS * 1000).toISOString());
      const other = await next(agentB, id);
      expect(other.status).toBe(200);
      expect(other.body.contact.id).not.toBe(first.body.contact.id);
    });

    it('answers 204 with no body when nothing is left to hand out', async () => {
      const { id } = await activeCampaign(2);
      const handed = [await next(agentA, id), await next(agentB, id)];
      expect(handed.map((r) => r.status)).toEqual([200, 200]);
      const empty = await next(agentC, id);
      expect(empty.status).toBe(204);
      expect(empty.body).toBeUndefined();
      const none = await activeCampaign(0);
      await expect(next(agentA, none.id)).resolves.toMatchObject({ status: 204 });
    });

    it('hands a contact out again once its lease has expired, and not before', async () => {
      const { id, contactIds } = await activeCampaign(1);
      await expect(next(agentA, id)).resolves.toMatchObject({ status: 200, body: { contact: { id: contactIds[0] } } });
      await expect(next(agentB, id)).resolves.toMatchObject({ status: 204 });
      clock.advance(LEASE_SECONDS * 1000 - 1000);
      await expect(next(agentB, id)).resolves.toMatchObject({ status: 204 });
      clock.advance(1000);
      const taken = await next(agentB, id);
      expect(taken).toMatchObject({ status: 200, body: { contact: { id: contactIds[0] } } });
      expect(taken.body.leaseExpiresAt).toBe(new Date(Date.parse(START) + 2 * LEASE_SECONDS * 1000).toISOString());
      // The first agent's lease is gone: it does not get the contact back.
      await expect(next(agentA, id)).resolves.toMatchObject({ status: 204 });
    });

    it('never hands out a do_not_call or deleted contact, even one already leased', async () => {
      const { id, contactIds } = await activeCampaign(3);
      const [callable, dnc, deleted] = contactIds as [string, string, string];
      await h.sql.query(`UPDATE contacts SET status = 'do_not_call' WHERE id = $1`, [dnc]);
      await h.sql.query(`UPDATE contacts SET deleted_at = now() WHERE id = $1`, [deleted]);
      await expect(next(agentA, id)).resolves.toMatchObject({ status: 200, body: { contact: { id: callable } } });
      await expect(next(agentB, id)).resolves.toMatchObject({ status: 204 });
      clock.advance(LEASE_SECONDS * 1000);
      await expect(next(agentC, id)).resolves.toMatchObject({ status: 200, body: { contact: { id: callable } } });
      await h.sql.query(`UPDATE contacts SET status = 'do_not_call' WHERE id = $1`, [callable]);
      await expect(next(agentC, id)).resolves.toMatchObject({ status: 204 });
    });

    it.each([
      ['draft', []],
      ['paused', ['pause']],
      ['completed', ['complete']],
    ])('409 CAMPAIGN.NOT_ACTIVE on a %s campaign', async (_, steps) => {
      const campaign = await h.createCampaign(admin);
      const contactIds = await h.insertContacts('acme', 1);
      await addContacts(campaign.id, contactIds);
      if (steps.length) await h.api('POST', `/v1/campaigns/${campaign.id}/start`, admin);
      for (const step of steps) await h.api('POST', `/v1/campaigns/${campaign.id}/${step}`, admin);
      await expect(next(agentA, campaign.id)).resolves.toMatchObject({ status: 409, body: { code: 'CAMPAIGN.NOT_ACTIVE' } });
    });

    it('needs calls:write (agents dial; campaigns:write alone is not enough), a well-formed id and a known campaign', async () => {
      const { id } = await activeCampaign(1);
      const planner = await h.token({ tenant: 'acme', permissions: ['campaigns:read', 'campaigns:write'], sub: 'planner' });
      await expect(next(planner, id)).resolves.toMatchObject({ status: 403 });
      await expect(h.api('POST', `/v1/campaigns/${id}/next-contact`, undefined)).resolves.toMatchObject({ status: 401 });
      await expect(next(agentA, 'x')).resolves.toMatchObject({ status: 400 });
      await expect(next(agentA, randomUUID())).resolves.toMatchObject({ status: 404, body: { code: 'CAMPAIGN.NOT_FOUND' } });
    });
  });

  describe('dialling window', () => {
    const at = async (iso: string, token: string, campaignId: string) => {
      clock.set(iso);
      return (await next(token, campaignId)).status;
    };

    it("reads the window in the callee's time zone (here the campaign's), daylight saving included; outside it nothing comes (204)", async () => {
      await h.setCallingHours('acme', '08:00', '21:00');
      const { id } = await activeCampaign(5, { timezone: 'America/New_York', window: { start: '09:00', end: '17:00' } });
      // 2026-03-10 is EDT (UTC−4).
      await expect(at('2026-03-10T12:59:00Z', agentA, id)).resolves.toBe(204);
      await expect(at('2026-03-10T13:00:00Z', agentA, id)).resolves.toBe(200);
      await expect(at('2026-03-10T20:59:59Z', agentA, id)).resolves.toBe(200);
      await expect(at('2026-03-10T21:00:00Z', agentA, id)).resolves.toBe(204);
      // 2026-01-15 is EST (UTC−5): 13:30Z is 08:30 there.
      await expect(at('2026-01-15T13:30:00Z', agentA, id)).resolves.toBe(204);
      await expect(at('2026-01-15T14:00:00Z', agentA, id)).resolves.toBe(200);
    });

    it('handles a window that crosses midnight (22:00–02:00) inside legal hours that do too', async () => {
      await h.setCallingHours('acme', '20:00', '04:00');
      const { id } = await activeCampaign(5, { timezone: 'Europe/Paris', window: { start: '22:00', end: '02:00' } });
      // 2026-03-10 is CET (UTC+1).
      await expect(at('2026-03-10T11:00:00Z', agentB, id)).resolves.toBe(204); // 12:00
      await expect(at('2026-03-10T20:59:00Z', agentB, id)).resolves.toBe(204); // 21:59
      await expect(at('2026-03-10T21:00:00Z', agentB, id)).resolves.toBe(200); // 22:00
      await expect(at('2026-03-10T22:59:00Z', agentB, id)).resolves.toBe(200); // 23:59
      await expect(at('2026-03-10T23:00:00Z', agentB, id)).resolves.toBe(200); // 00:00
      await expect(at('2026-03-11T00:59:00Z', agentB, id)).resolves.toBe(200); // 01:59
      await expect(at('2026-03-11T01:00:00Z', agentB, id)).resolves.toBe(204); // 02:00
    });

    it('follows a window changed by PATCH', async () => {
      await h.setCallingHours('acme', '08:00', '21:00');
      const { id } = await activeCampaign(1, { timezone: 'UTC', window: { start: '09:00', end: '10:00' } });
      await expect(at('2026-03-10T12:00:00Z', agentA, id)).resolves.toBe(204);
      await h.api('PATCH', `/v1/campaigns/${id}`, admin, { window: { start: '11:00', end: '13:00' } });
      await expect(at('2026-03-10T12:00:00Z', agentA, id)).resolves.toBe(200);
    });
  });

  describe('CampaignLeasesService.completeForCall', () => {
    let agentAId: string;
    beforeAll(async () => {
      await next(agentA, (await activeCampaign(0)).id); // provisions agent A
      agentAId = (await h.sql.query(`SELECT id FROM agents WHERE tenant_id = 'acme' AND sub = 'agent-a'`)).rows[0].id as string;
    });
    const complete = (campaignId: string, contactId: string, requeue: boolean, tenant = 'acme') =>
      h.t.app
        .get(DataSource)
        .transaction((manager) =>
          h.t.app
            .get(CampaignLeasesService)
            .completeForCall(tenant, campaignId, contactId, { agentId: agentAId, disposition: requeue ? 'callback' : 'sale' }, manager),
        );

    it('moves a contact to done, so it is never handed out again', async () => {
      const { id, contactIds } = await activeCampaign(2);
      const first = await next(agentA, id);
      await complete(id, first.body.contact.id, false);
      const second = await next(agentA, id);
      expect(second.status).toBe(200);
      expect(second.body.contact.id).not.toBe(first.body.contact.id);
      clock.advance(LEASE_SECONDS * 1000 * 10);
      await expect(next(agentB, id)).resolves.toMatchObject({ status: 200, body: { contact: { id: second.body.contact.id } } });
      await expect(next(agentC, id)).resolves.toMatchObject({ status: 204 });
      const rows = await rowsOf(id);
      expect(rows.find((r) => r.contact_id === first.body.contact.id)).toMatchObject({ state: 'done', lease_expires_at: null });
      expect(contactIds).toContain(first.body.contact.id);
    });

    it("schedules a callback without a time for anyone after the campaign's default delay (60 minutes), its lease cleared", async () => {
      const { id, contactIds } = await activeCampaign(1);
      await expect(next(agentA, id)).resolves.toMatchObject({ status: 200 });
      await complete(id, contactIds[0]!, true);
      await expect(rowsOf(id)).resolves.toEqual([{ contact_id: contactIds[0], state: 'scheduled', leased_to: null, lease_expires_at: null }]);
      await expect(next(agentB, id)).resolves.toMatchObject({ status: 204 });
      clock.advance(60 * 60_000);
      await expect(next(agentB, id)).resolves.toMatchObject({ status: 200, body: { contact: { id: contactIds[0] } } });
      await expect(next(agentA, id)).resolves.toMatchObject({ status: 204 });
    });

    it('is a no-op for a contact outside the campaign, another tenant or a malformed id', async () => {
      const { id } = await activeCampaign(1);
      await next(agentA, id);
      const before = await rowsOf(id);
      const [stranger] = await h.insertContacts('acme', 1);
      await expect(complete(id, stranger!, false)).resolves.toBe(false);
      await expect(complete(id, before[0].contact_id, false, 'globex')).resolves.toBe(false);
      await expect(complete('not-a-uuid', 'nor-this', false)).resolves.toBe(false);
      await expect(rowsOf(id)).resolves.toEqual(before);
    });

    it("runs in the caller's transaction: a rollback undoes it", async () => {
      const { id, contactIds } = await activeCampaign(1);
      await next(agentA, id);
      const before = await rowsOf(id);
      const failing = h.t.app.get(DataSource).transaction(async (manager) => {
        await h.t.app.get(CampaignLeasesService).completeForCall('acme', id, contactIds[0]!, { agentId: agentAId, disposition: 'sale' }, manager);
        throw new Error('the call insert failed');
      });
      await expect(failing).rejects.toThrow('the call insert failed');
      await expect(rowsOf(id)).resolves.toEqual(before);
    });
  });

  describe('concurrency', () => {
    it('20 agents at once on 15 contacts: 15 distinct contacts and 5 × 204', async () => {
      const { id, contactIds } = await activeCampaign(15);
      const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => h.token({ tenant: 'acme', role: 'agent', sub: `crowd-${i}` })));
      // Provision the 20 agents first, so the race below is only about leases.
      await Promise.all(tokens.map((t) => h.api('GET', '/v1/campaigns?limit=1', t)));

      const results = await Promise.all(tokens.map((t) => next(t, id)));
      const handed = results.filter((r) => r.status === 200).map((r) => r.body.contact.id);
      expect(results.filter((r) => r.status === 204)).toHaveLength(5);
      expect(handed).toHaveLength(15);
      expect(new Set(handed).size).toBe(15);
      expect([...handed].sort()).toEqual([...contactIds].sort());
      const rows = await rowsOf(id);
      expect(rows.every((r) => r.state === 'leased')).toBe(true);
      expect(new Set(rows.map((r) => r.leased_to)).size).toBe(15);
    });

    it('one agent asking several times at once still holds a single contact', async () => {
      const { id } = await activeCampaign(5);
      const results = await Promise.all(Array.from({ length: 6 }, () => next(agentA, id)));
      expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
      expect(new Set(results.map((r) => r.body.contact.id)).size).toBe(1);
      expect((await rowsOf(id)).filter((r) => r.state === 'leased')).toHaveLength(1);
    });
  });
});
