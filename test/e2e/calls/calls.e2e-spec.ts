import { randomUUID } from 'node:crypto';
import { CALL_DISPOSITIONS, type CallDto } from '#switchboard/calls';
import type { Page, Problem } from '#switchboard/common';
import type { ContactDto } from '#switchboard/contacts';
import { type CallsHarness, newTenant, startCallsHarness } from './calls-harness.js';

describe('calls (/v1/calls)', () => {
  let h: CallsHarness;
  const tenant = newTenant('calls');
  const other = newTenant('calls-other');
  let agent: string;
  let admin: string;
  let otherAgent: string;
  let contactId: string;

  const valid = (overrides: Record<string, unknown> = {}) => ({
    contactId,
    direction: 'outbound',
    startedAt: '2026-11-02T09:30:00+01:00',
    answeredAt: '2026-11-02T09:30:12+01:00',
    endedAt: '2026-11-02T09:34:40+01:00',
    disposition: 'sale',
    notes: 'Renewed for a year',
    ...overrides,
  });

  beforeAll(async () => {
    h = await startCallsHarness();
    agent = await h.token({ tenant, role: 'agent', sub: 'agent-1' });
    admin = await h.token({ tenant, role: 'admin', sub: 'admin-1' });
    otherAgent = await h.token({ tenant: other, role: 'agent', sub: 'agent-x' });
    contactId = (await h.createContact(agent)).id;
  });
  afterAll(() => h?.close());

  describe('POST', () => {
    it('logs a call: 201 with Location and ETag, times in UTC, the caller as agent', async () => {
      const res = await h.api<CallDto>('POST', '/v1/calls', agent, valid());
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        contactId,
        campaignId: null,
        direction: 'outbound',
        startedAt: '2026-11-02T08:30:00.000Z',
        answeredAt: '2026-11-02T08:30:12.000Z',
        endedAt: '2026-11-02T08:34:40.000Z',
        disposition: 'sale',
        notes: 'Renewed for a year',
        providerCallId: null,
        recordingUrl: null,
        version: 1,
      });
      expect(res.body.agentId).toBe(await h.agentIdOf(tenant, 'agent-1'));
      expect(res.headers.get('location')).toBe(`/v1/calls/${res.body.id}`);
      expect(res.headers.get('etag')).toBe('W/"1"');
      const got = await h.api('GET', `/v1/calls/${res.body.id}`, agent);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(res.body);
    });

    it('accepts an unanswered call without answeredAt or notes', async () => {
      const res = await h.api('POST', '/v1/calls', agent, valid({ answeredAt: undefined, notes: undefined, disposition: 'no_answer', direction: 'inbound' }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ answeredAt: null, notes: null, disposition: 'no_answer', direction: 'inbound' });
    });

    const invalid: [string, Record<string, unknown>, string, string][] = [
      ['missing contactId', { contactId: undefined }, 'contactId', 'IS_UUID'],
      ['malformed contactId', { contactId: 'c-1' }, 'contactId', 'IS_UUID'],
      ['malformed campaignId', { campaignId: '42' }, 'campaignId', 'IS_UUID'],
      ['missing direction', { direction: undefined }, 'direction', 'IS_IN'],
      ['unknown direction', { direction: 'sideways' }, 'direction', 'IS_IN'],
      ['missing startedAt', { startedAt: undefined }, 'startedAt', 'IS_TIMESTAMP'],
      ['startedAt without offset', { startedAt: '2026-11-02T09:30:00' }, 'startedAt', 'IS_TIMESTAMP'],
      ['startedAt not a date', { startedAt: 'yesterday' }, 'startedAt', 'IS_TIMESTAMP'],
      ['startedAt off the calendar', { startedAt: '2026-02-30T09:30:00Z' }, 'startedAt', 'IS_TIMESTAMP'],
      ['startedAt a number', { startedAt: 1_793_606_400 }, 'startedAt', 'IS_TIMESTAMP'],
      ['answeredAt without offset', { answeredAt: '2026-11-02 09:30:12' }, 'answeredAt', 'IS_TIMESTAMP'],
      ['missing endedAt', { endedAt: undefined }, 'endedAt', 'IS_TIMESTAMP'],
      ['missing disposition', { disposition: undefined }, 'disposition', 'IS_IN'],
      ['unknown disposition', { disposition: 'hung_up' }, 'disposition', 'IS_IN'],
      ['notes not a string', { notes: 7 }, 'notes', 'IS_STRING'],
      ['notes too long', { notes: 'x'.repeat(4001) }, 'notes', 'MAX_LENGTH'],
      ['an unknown field', { agentId: randomUUID() }, 'agentId', 'UNKNOWN_FIELD'],
      ['answered before it started', { answeredAt: '2026-11-02T09:29:59+01:00' }, 'answeredAt', 'BEFORE_STARTED_AT'],
      ['ended before it was answered', { endedAt: '2026-11-02T08:30:11Z' }, 'endedAt', 'BEFORE_ANSWERED_AT'],
      ['ended before it started', { answeredAt: undefined, endedAt: '2026-11-02T09:29:00+01:00' }, 'endedAt', 'BEFORE_STARTED_AT'],
    ];
    it.each(invalid)('400 for %s', async (_label, overrides, field, code) => {
      const res = await h.api<Problem>('POST', '/v1/calls', agent, valid(overrides));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION' });
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, code })]));
    });

    it('400 for a body that is not JSON, 415 for another media type', async () => {
      expect((await h.api('POST', '/v1/calls', agent, '{"contactId":')).status).toBe(400);
      const res = await h.api('POST', '/v1/calls', agent, 'contactId=1', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(res.status).toBe(415);
    });

    it("404 CONTACT.NOT_FOUND for an unknown or another tenant's contact, and stores nothing", async () => {
      const { rows: before } = await h.sql.query('SELECT count(*)::int AS n FROM calls');
      const unknown = await h.api('POST', '/v1/calls', agent, valid({ contactId: randomUUID() }));
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ code: 'CONTACT.NOT_FOUND' });
      const foreign = await h.api('POST', '/v1/calls', otherAgent, valid());
      expect(foreign.status).toBe(404);
      expect(foreign.body).toMatchObject({ code: 'CONTACT.NOT_FOUND' });
      const { rows: after } = await h.sql.query('SELECT count(*)::int AS n FROM calls');
      expect(after[0].n).toBe(before[0].n);
    });

    it("404 CAMPAIGN.NOT_FOUND for an unknown or another tenant's campaign", async () => {
      expect((await h.api('POST', '/v1/calls', agent, valid({ campaignId: randomUUID() }))).body).toMatchObject({ status: 404, code: 'CAMPAIGN.NOT_FOUND' });
      const otherAdmin = await h.token({ tenant: other, role: 'admin' });
      const foreignCampaign = await h.createCampaign(otherAdmin);
      const res = await h.api<Problem>('POST', '/v1/calls', agent, valid({ campaignId: foreignCampaign }));
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('CAMPAIGN.NOT_FOUND');
    });

    it('401 without a token, 403 without calls:write', async () => {
      expect((await h.api('POST', '/v1/calls', undefined, valid())).status).toBe(401);
      const readOnly = await h.token({ tenant, permissions: ['calls:read'] });
      const res = await h.api('POST', '/v1/calls', readOnly, valid());
      expect(res.status).toBe(403);
    });
  });

  describe('disposition → contact status and campaign contact', () => {
    const expected: Record<string, string> = { do_not_call: 'do_not_call', callback: 'callback' };
    it.each([...CALL_DISPOSITIONS])('%s sets the contact status and settles the campaign contact', async (disposition) => {
      const contact = await h.createContact(agent);
      const campaignId = await h.createCampaign(admin, [contact.id]);
      const lease = await h.api('POST', `/v1/campaigns/${campaignId}/next-contact`, agent);
      expect(lease.status).toBe(200);
      expect(await h.campaignContactState(campaignId, contact.id)).toMatchObject({ state: 'leased' });

      const res = await h.api<CallDto>('POST', '/v1/calls', agent, valid({ contactId: contact.id, campaignId, disposition }));
      expect(res.status).toBe(201);
      expect(res.body.campaignId).toBe(campaignId);

      const status = (await h.api<ContactDto>('GET', `/v1/contacts/${contact.id}`, agent)).body.status;
      expect(status).toBe(expected[disposition] ?? 'contacted');
      const state = await h.campaignContactState(campaignId, contact.id);
      // A callback without a time: scheduled for anyone after the campaign's default delay.
      if (disposition === 'callback') expect(state).toEqual({ state: 'scheduled', leased_to: null });
      else expect(state).toMatchObject({ state: 'done' });
    });
  });

  describe('GET /v1/calls/:id', () => {
    it("400 for a malformed id, 404 for a missing one and for another tenant's call", async () => {
      const created = await h.api<CallDto>('POST', '/v1/calls', agent, valid());
      const malformed = await h.api('GET', '/v1/calls/nope', agent);
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({ code: 'VALIDATION', errors: [{ field: 'id', code: 'INVALID_UUID' }] });
      const missing = await h.api<Problem>('GET', `/v1/calls/${randomUUID()}`, agent);
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('CALL.NOT_FOUND');
      const foreign = await h.api<Problem>('GET', `/v1/calls/${created.body.id}`, otherAgent);
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('CALL.NOT_FOUND');
    });

    it('403 without calls:read', async () => {
      const created = await h.api<CallDto>('POST', '/v1/calls', agent, valid());
      const writeOnly = await h.token({ tenant, permissions: ['calls:write'] });
      expect((await h.api('GET', `/v1/calls/${created.body.id}`, writeOnly)).status).toBe(403);
      expect((await h.api('GET', '/v1/calls', writeOnly)).status).toBe(403);
    });
  });

  describe('GET /v1/calls', () => {
    const listTenant = newTenant('list');
    let a1: string;
    let a2: string;
    let c1: string;
    let c2: string;
    let campaignId: string;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      a1 = await h.token({ tenant: listTenant, role: 'agent', sub: 'a1' });
      a2 = await h.token({ tenant: listTenant, role: 'agent', sub: 'a2' });
      const listAdmin = await h.token({ tenant: listTenant, role: 'admin' });
      c1 = (await h.createContact(a1)).id;
      c2 = (await h.createContact(a1)).id;
      campaignId = await h.createCampaign(listAdmin, [c1]);
      const log = async (name: string, token: string, body: Record<string, unknown>) => {
        const res = await h.api<CallDto>('POST', '/v1/calls', token, { direction: 'outbound', disposition: 'busy', ...body });
        expect(res.status).toBe(201);
        ids[name] = res.body.id;
      };
      // Logged in this order, so newest first is e, d, c, b, a.
      await log('a', a1, { contactId: c1, campaignId, startedAt: '2026-11-01T10:00:00Z', endedAt: '2026-11-01T10:01:00Z' });
      await log('b', a1, { contactId: c2, startedAt: '2026-11-02T00:00:00Z', endedAt: '2026-11-02T00:01:00Z' });
      await log('c', a2, { contactId: c1, startedAt: '2026-11-02T12:00:00+02:00', endedAt: '2026-11-02T12:01:00+02:00' });
      await log('d', a2, { contactId: c2, campaignId, startedAt: '2026-11-03T00:00:00Z', endedAt: '2026-11-03T00:01:00Z' });
      await log('e', a1, { contactId: c1, startedAt: '2026-11-03T09:00:00Z', endedAt: '2026-11-03T09:01:00Z' });
    });

    const list = async (query: string, token = a1) => {
      const res = await h.api<Page<CallDto>>('GET', `/v1/calls${query}`, token);
      expect(res.status).toBe(200);
      return res.body;
    };
    const names = (page: { items: { id: string }[] }) => page.items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0]);

    it("lists the tenant's calls newest first, and no other tenant's", async () => {
      expect(names(await list(''))).toEqual(['e', 'd', 'c', 'b', 'a']);
      expect((await list('', otherAgent)).items.map((i) => i.id)).not.toEqual(expect.arrayContaining([ids.a]));
    });

    it('filters by contact, agent and campaign', async () => {
      expect(names(await list(`?contactId=${c1}`))).toEqual(['e', 'c', 'a']);
      const agent2 = await h.agentIdOf(listTenant, 'a2');
      expect(names(await list(`?agentId=${agent2}`))).toEqual(['d', 'c']);
      expect(names(await list(`?campaignId=${campaignId}`))).toEqual(['d', 'a']);
      expect(names(await list(`?campaignId=${campaignId}&contactId=${c2}`))).toEqual(['d']);
      expect((await list(`?contactId=${randomUUID()}`)).items).toEqual([]);
    });

    it('filters startedAt by the half-open range [from, to), offsets honoured', async () => {
      // c started at 10:00Z: included by from=10:00Z, excluded by to=12:00+02:00 (= 10:00Z).
      expect(names(await list(`?from=${encodeURIComponent('2026-11-02T10:00:00Z')}`))).toEqual(['e', 'd', 'c']);
      expect(names(await list(`?to=${encodeURIComponent('2026-11-02T12:00:00+02:00')}`))).toEqual(['b', 'a']);
      expect(names(await list(`?from=${encodeURIComponent('2026-11-02T00:00:00Z')}&to=${encodeURIComponent('2026-11-03T00:00:00Z')}`))).toEqual(['c', 'b']);
    });

    it('pages with limit and an opaque cursor; nextCursor is null on the last page', async () => {
      const first = await list('?limit=2');
      expect(names(first)).toEqual(['e', 'd']);
      const second = await list(`?limit=2&cursor=${first.nextCursor}`);
      expect(names(second)).toEqual(['c', 'b']);
      const third = await list(`?limit=2&cursor=${second.nextCursor}`);
      expect(names(third)).toEqual(['a']);
      expect(third.nextCursor).toBeNull();
      const filtered = await list(`?limit=1&contactId=${c1}`);
      expect(names(await list(`?limit=5&contactId=${c1}&cursor=${filtered.nextCursor}`))).toEqual(['c', 'a']);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=ten', 'limit'],
      ['cursor=%25%25', 'cursor'],
      ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['contactId=abc', 'contactId'],
      ['agentId=1', 'agentId'],
      ['campaignId=x', 'campaignId'],
      ['from=2026-11-02', 'from'],
      ['to=2026-11-02T10:00:00', 'to'],
      ['from=2026-11-03T00:00:00Z&to=2026-11-02T00:00:00Z', 'to'],
      ['from=2026-11-03T00:00:00Z&to=2026-11-03T00:00:00Z', 'to'],
      ['sort=asc', 'sort'],
    ])('400 for ?%s', async (query, field) => {
      const res = await h.api<Problem>('GET', `/v1/calls?${query.replace(/\+/g, '%2B')}`, a1);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('401 without a token', async () => {
      expect((await h.api('GET', '/v1/calls', undefined)).status).toBe(401);
    });
  });
});
