import { FixedClock, type Problem } from '#switchboard/common';
import type { CampaignDto, NextContactDto } from '#switchboard/campaigns';
import { TenantsModule } from '#switchboard/tenants';
import { startCallsHarness, type CallsHarness } from '../calls/calls-harness.js';

const START = '2026-03-10T12:00:00.000Z';
const MINUTE = 60_000;
const fieldsOf = (body: { errors?: { field: string; code: string }[] }) => (body.errors ?? []).map((e) => `${e.field}:${e.code}`);

/** Issue 22, items 1 and 2, as black-box HTTP with the clock moved: retry rules and callbacks with an owner. */
describe('working the list: retry rules and scheduled callbacks', () => {
  const clock = new FixedClock(new Date(START));
  let h: CallsHarness;
  let admin: string;
  let agentA: string;
  let agentB: string;
  let tenantSeq = 0;

  beforeAll(async () => {
    h = await startCallsHarness({ modules: [TenantsModule], clock });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    clock.set(START);
    const tenant = `list-${++tenantSeq}`;
    admin = await h.token({ tenant, role: 'admin' });
    [agentA, agentB] = await Promise.all(['a', 'b'].map((s) => h.token({ tenant, role: 'agent', sub: `${tenant}-agent-${s}` })));
  });

  const next = (token: string, id: string) => h.api<NextContactDto>('POST', `/v1/campaigns/${id}/next-contact`, token);
  const log = (token: string, campaignId: string, contactId: string, disposition: string, extra: Record<string, unknown> = {}) =>
    h.api<Problem>('POST', '/v1/calls', token, {
      contactId,
      campaignId,
      direction: 'outbound',
      startedAt: clock.now().toISOString(),
      endedAt: clock.now().toISOString(),
      disposition,
      ...extra,
    });
  const row = async (campaignId: string, contactId: string) =>
    (
      await h.sql.query(
        `SELECT state, attempts, next_attempt_at AS "nextAttemptAt", last_disposition AS "lastDisposition" FROM campaign_contacts WHERE campaign_id = $1 AND contact_id = $2`,
        [campaignId, contactId],
      )
    ).rows[0];
  async function campaignWith(settings: Record<string, unknown>, contacts = 1) {
    const ids: string[] = [];
    for (let i = 0; i < contacts; i++) ids.push((await h.createContact(admin)).id);
    const id = await h.createCampaign(admin, ids);
    await expect(h.api<CampaignDto>('PATCH', `/v1/campaigns/${id}`, admin, settings)).resolves.toMatchObject({ status: 200 });
    return { id, contactIds: ids };
  }

  describe('retry rules', () => {
    it('acceptance: no_answer with a 2-minute rule is scheduled, comes back after 2 minutes, and is exhausted after its last attempt', async () => {
      const { id, contactIds } = await campaignWith({ retryRules: [{ disposition: 'no_answer', delayMinutes: 2, maxAttempts: 3 }] });
      const contactId = contactIds[0]!;
      for (let attempt = 1; attempt <= 3; attempt++) {
        await expect(next(agentA, id)).resolves.toMatchObject({ status: 200, body: { contact: { id: contactId } } });
        await expect(log(agentA, id, contactId, 'no_answer')).resolves.toMatchObject({ status: 201 });
        if (attempt === 3) break;
        // 1. next-contact → 204 at once; 2. scheduled, attempts, nextAttemptAt.
        await expect(next(agentA, id)).resolves.toMatchObject({ status: 204 });
        await expect(row(id, contactId)).resolves.toEqual({
          state: 'scheduled',
          attempts: attempt,
          nextAttemptAt: new Date(clock.now().getTime() + 2 * MINUTE),
          lastDisposition: 'no_answer',
        });
        await expect(h.api('GET', `/v1/campaigns/${id}/progress`, admin)).resolves.toMatchObject({ body: { scheduled: 1, pending: 0 } });
        // 3. after 2 minutes, the same contact.
        clock.advance(2 * MINUTE - 1000);
        await expect(next(agentB, id)).resolves.toMatchObject({ status: 204 });
        clock.advance(1000);
      }
      // 4. after the last attempt: exhausted, never handed out again.
      await expect(row(id, contactId)).resolves.toMatchObject({ state: 'exhausted', attempts: 3 });
      clock.advance(365 * 24 * 60 * MINUTE);
      clock.set('2027-03-10T12:00:00Z');
      await expect(next(agentB, id)).resolves.toMatchObject({ status: 204 });
      await expect(h.api('GET', `/v1/campaigns/${id}/progress`, admin)).resolves.toMatchObject({ body: { exhausted: 1, scheduled: 0 } });
    });

    it('a disposition without a rule ends the lead; maxAttemptsPerDay pushes the retry to the next day', async () => {
      const { id, contactIds } = await campaignWith({ retryRules: [{ disposition: 'busy', delayMinutes: 10, maxAttempts: 5 }], maxAttemptsPerDay: 1 }, 2);
      const first = (await next(agentA, id)).body.contact.id;
      await log(agentA, id, first, 'voicemail');
      await expect(row(id, first)).resolves.toMatchObject({ state: 'done', attempts: 1 });
      const second = contactIds.find((c) => c !== first)!;
      await expect(next(agentA, id)).resolves.toMatchObject({ body: { contact: { id: second } } });
      await log(agentA, id, second, 'busy');
      await expect(row(id, second)).resolves.toMatchObject({ state: 'scheduled', nextAttemptAt: new Date('2026-03-11T00:00:00Z') });
    });

    it.each([
      ['a delay under a minute', [{ disposition: 'no_answer', delayMinutes: 0, maxAttempts: 3 }], 'retryRules.0.delayMinutes:MIN'],
      ['a delay over 30 days', [{ disposition: 'no_answer', delayMinutes: 43_201, maxAttempts: 3 }], 'retryRules.0.delayMinutes:MAX'],
      ['more than 20 attempts', [{ disposition: 'busy', delayMinutes: 10, maxAttempts: 21 }], 'retryRules.0.maxAttempts:MAX'],
      ['an unknown disposition', [{ disposition: 'hung_up', delayMinutes: 10, maxAttempts: 2 }], 'retryRules.0.disposition:IS_IN'],
      [
        'a duplicate',
        [
          { disposition: 'busy', delayMinutes: 10, maxAttempts: 2 },
          { disposition: 'busy', delayMinutes: 20, maxAttempts: 2 },
        ],
        'retryRules:DUPLICATE_DISPOSITION',
      ],
    ])('400 for %s', async (_, retryRules, expected) => {
      const id = await h.createCampaign(admin, []);
      const res = await h.api<Problem>('PATCH', `/v1/campaigns/${id}`, admin, { retryRules });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toContain(expected);
    });
  });

  describe('scheduled callbacks', () => {
    it('until `at` nobody gets it; after, only its owner (before fresh leads); after the grace, anyone', async () => {
      const { id, contactIds } = await campaignWith({ callbackGraceMinutes: 15 }, 3);
      const booked = (await next(agentA, id)).body.contact.id;
      const at = new Date(clock.now().getTime() + 60 * MINUTE).toISOString();
      await expect(log(agentA, id, booked, 'callback', { callback: { at, owner: 'me' } })).resolves.toMatchObject({ status: 201 });
      await expect(row(id, booked)).resolves.toMatchObject({ state: 'scheduled', nextAttemptAt: new Date(at) });

      // Before `at`: B and A get fresh leads, never the callback.
      const fresh = await next(agentB, id);
      expect(fresh.body.contact.id).not.toBe(booked);
      await log(agentB, id, fresh.body.contact.id, 'sale');
      clock.set(at);
      // After `at`: B does not get it (the third, fresh lead instead); A gets it before any fresh lead.
      const other = contactIds.find((c) => c !== booked && c !== fresh.body.contact.id)!;
      await expect(next(agentA, id)).resolves.toMatchObject({ body: { contact: { id: booked } } });
      await expect(
        log(agentA, id, booked, 'callback', { callback: { at: new Date(clock.now().getTime() + 30 * MINUTE).toISOString(), owner: 'me' } }),
      ).resolves.toMatchObject({
        status: 201,
      });
      clock.advance(30 * MINUTE);
      await expect(next(agentB, id)).resolves.toMatchObject({ body: { contact: { id: other } } });
      await log(agentB, id, other, 'sale');
      await expect(next(agentB, id)).resolves.toMatchObject({ status: 204 });
      // After the campaign's grace, anyone.
      clock.advance(15 * MINUTE);
      await expect(next(agentB, id)).resolves.toMatchObject({ status: 200, body: { contact: { id: booked } } });
    });

    it('GET /v1/me/callbacks lists the agent its own; GET /v1/callbacks lists them per campaign; PATCH reassigns', async () => {
      const { id } = await campaignWith({ callbackGraceMinutes: 15 });
      const booked = (await next(agentA, id)).body.contact.id;
      const at = new Date(clock.now().getTime() + 60 * MINUTE).toISOString();
      await log(agentA, id, booked, 'callback', { callback: { at, owner: 'me' } });
      const mine = await h.api<{ items: { id: string; contactId: string; at: string; owner: string }[] }>('GET', '/v1/me/callbacks', agentA);
      expect(mine).toMatchObject({ status: 200, body: { items: [{ contactId: booked, campaignId: id, at }] } });
      await expect(h.api('GET', '/v1/me/callbacks', agentB)).resolves.toMatchObject({ status: 200, body: { items: [] } });
      await expect(h.api('GET', `/v1/callbacks?campaignId=${id}`, admin)).resolves.toMatchObject({ body: { items: [{ contactId: booked }] } });
      await expect(h.api('GET', '/v1/callbacks', agentA)).resolves.toMatchObject({ status: 403 });

      await next(agentB, id); // provisions agent B
      const agentBId = (await h.sql.query(`SELECT id FROM agents WHERE sub = $1`, [`list-${tenantSeq}-agent-b`])).rows[0].id as string;
      const callbackId = mine.body.items[0]!.id;
      await expect(h.api('PATCH', `/v1/callbacks/${callbackId}`, admin, { owner: agentBId })).resolves.toMatchObject({
        status: 200,
        body: { owner: agentBId },
      });
      await expect(h.api('GET', '/v1/me/callbacks', agentB)).resolves.toMatchObject({ body: { items: [{ contactId: booked }] } });
      clock.set(at);
      await expect(next(agentA, id)).resolves.toMatchObject({ status: 204 });
      await expect(next(agentB, id)).resolves.toMatchObject({ status: 200, body: { contact: { id: booked } } });
      await expect(h.api('PATCH', '/v1/callbacks/bm9wZQ', admin, { owner: null })).resolves.toMatchObject({ status: 404 });
    });

    it('GET /v1/callbacks pages soonest first with a cursor; a forged cursor is 400', async () => {
      const { id } = await campaignWith({}, 3);
      const times = [90, 30, 60].map((m) => new Date(clock.now().getTime() + m * MINUTE).toISOString());
      for (const at of times) {
        const contactId = (await next(agentA, id)).body.contact.id;
        await expect(log(agentA, id, contactId, 'callback', { callback: { at, owner: 'anyone' } })).resolves.toMatchObject({ status: 201 });
      }
      type CallbackPage = { items: { at: string }[]; nextCursor: string | null };
      const first = await h.api<CallbackPage>('GET', `/v1/callbacks?campaignId=${id}&limit=2`, admin);
      expect(first.body.items.map((c) => c.at)).toEqual([times[1], times[2]]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await h.api<CallbackPage>('GET', `/v1/callbacks?campaignId=${id}&limit=2&cursor=${first.body.nextCursor}`, admin);
      expect(second.body).toEqual({ items: [expect.objectContaining({ at: times[0] })], nextCursor: null });
      const forged = await h.api<Problem>('GET', `/v1/callbacks?cursor=${Buffer.from('["x"]').toString('base64url')}`, admin);
      expect(forged).toMatchObject({ status: 400 });
      expect(fieldsOf(forged.body)).toEqual(['cursor:INVALID_CURSOR']);
    });

    it('validation: at in the past, more than 30 days ahead, outside the calling hours, or on another disposition → 400, and nothing changes', async () => {
      const { id, contactIds } = await campaignWith({});
      await next(agentA, id);
      const contactId = contactIds[0]!;
      const cases: [string, Record<string, unknown>, string][] = [
        ['callback', { callback: { at: new Date(clock.now().getTime() - MINUTE).toISOString(), owner: 'me' } }, 'callback.at:IN_THE_PAST'],
        ['callback', { callback: { at: new Date(clock.now().getTime() + 31 * 24 * 60 * MINUTE).toISOString(), owner: 'me' } }, 'callback.at:TOO_FAR_AHEAD'],
        ['callback', { callback: { at: '2026-03-11T03:00:00Z', owner: 'anyone' } }, 'callback.at:OUTSIDE_CALLING_HOURS'],
        ['sale', { callback: { at: new Date(clock.now().getTime() + MINUTE).toISOString(), owner: 'me' } }, 'callback:NOT_A_CALLBACK'],
        ['callback', { callback: { at: 'tomorrow', owner: 'someone' } }, 'callback.owner:IS_IN'],
      ];
      await expect(h.api('PATCH', '/v1/tenant/settings', admin, { callingHours: { start: '08:00', end: '21:00' } })).resolves.toMatchObject({ status: 200 });
      for (const [disposition, extra, expected] of cases) {
        const res = await log(agentA, id, contactId, disposition, extra);
        expect(res.status).toBe(400);
        expect(fieldsOf(res.body)).toContain(expected);
      }
      await expect(row(id, contactId)).resolves.toMatchObject({ state: 'leased', attempts: 0 });
    });
  });

  describe('campaign list management', () => {
    it('lists contacts by state (paged), removes one, adds by filter, and resets exhausted ones; progress counts every state', async () => {
      const { id, contactIds } = await campaignWith({ retryRules: [{ disposition: 'no_answer', delayMinutes: 2, maxAttempts: 1 }] }, 3);
      const first = (await next(agentA, id)).body.contact.id;
      await log(agentA, id, first, 'no_answer');
      const exhausted = await h.api<{ items: { contactId: string; state: string; attempts: number; lastDisposition: string }[] }>(
        'GET',
        `/v1/campaigns/${id}/contacts?state=exhausted`,
        admin,
      );
      expect(exhausted.body.items).toEqual([
        { contactId: first, state: 'exhausted', attempts: 1, lastDisposition: 'no_answer', nextAttemptAt: null, timeZone: 'America/New_York' }, // the zone of its +1 202 number
      ]);
      const page1 = await h.api<{ items: unknown[]; nextCursor: string }>('GET', `/v1/campaigns/${id}/contacts?limit=2`, admin);
      expect(page1.body.items).toHaveLength(2);
      const page2 = await h.api<{ items: unknown[]; nextCursor: null }>('GET', `/v1/campaigns/${id}/contacts?limit=2&cursor=${page1.body.nextCursor}`, admin);
      expect(page2.body).toMatchObject({ items: [{}], nextCursor: null });

      const removed = contactIds.find((c) => c !== first)!;
      await expect(h.api('DELETE', `/v1/campaigns/${id}/contacts/${removed}`, admin)).resolves.toMatchObject({ status: 204 });
      await expect(h.api('DELETE', `/v1/campaigns/${id}/contacts/${removed}`, admin)).resolves.toMatchObject({ status: 404 });
      await expect(h.api('POST', `/v1/campaigns/${id}/contacts`, admin, { filter: { status: 'new' } })).resolves.toMatchObject({
        status: 200,
        body: { added: 1 },
      });

      await expect(h.api('GET', `/v1/campaigns/${id}/progress`, admin)).resolves.toMatchObject({
        body: { pending: 2, leased: 0, scheduled: 0, done: 0, exhausted: 1, doNotCall: 0 },
      });
      await expect(h.api('POST', `/v1/campaigns/${id}/reset`, admin, { dispositions: ['no_answer'] })).resolves.toMatchObject({
        status: 200,
        body: { reset: 1 },
      });
      await expect(h.api('GET', `/v1/campaigns/${id}/contacts?state=pending`, admin)).resolves.toMatchObject({
        body: { items: expect.arrayContaining([expect.objectContaining({ contactId: first, attempts: 0 })]) },
      });
      await expect(h.api('POST', `/v1/campaigns/${id}/reset`, admin, { dispositions: ['hung_up'] })).resolves.toMatchObject({ status: 400 });
    });
  });
});
