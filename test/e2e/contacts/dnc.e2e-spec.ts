import type { Page, Problem } from '#switchboard/common';
import type { ContactDto } from '#switchboard/contacts';
import { fieldsOf, startContactsHarness, waitFor, type ContactsHarness } from './contacts-harness.js';

interface DncEntry {
  phone: string;
  reason: string | null;
  source: string;
  listedBy: string;
  listedAt: string;
}
interface DncChange {
  id: string;
  phone: string;
  action: 'added' | 'removed';
  source: string;
  actor: string;
  reason: string | null;
  createdAt: string;
}

let seq = 0;
/** A fresh valid US number in E.164. */
const nextPhone = () => `+1202555${String(++seq).padStart(4, '0')}`;

describe('do-not-call list /v1/dnc', () => {
  let h: ContactsHarness;
  let agent: string;
  let supervisor: string;
  let stranger: string;
  let supervisorId: string;

  beforeAll(async () => {
    h = await startContactsHarness();
    agent = await h.token({ tenant: 'acme', role: 'agent', sub: 'acme|agent' });
    supervisor = await h.token({ tenant: 'acme', role: 'supervisor', sub: 'acme|supervisor' });
    stranger = await h.token({ tenant: 'globex', role: 'admin' });
    await h.api('GET', '/v1/contacts', supervisor);
    supervisorId = (await h.sql.query(`SELECT id FROM agents WHERE tenant_id = 'acme' AND sub = 'acme|supervisor'`)).rows[0].id;
  });
  afterAll(() => h?.close());

  const add = (numbers: unknown, token = supervisor) =>
    h.api<{ added: number; alreadyListed: number; items: DncEntry[] }>('POST', '/v1/dnc', token, { numbers });
  const lookUp = (phone: string, token = agent) => h.api<DncEntry & Problem>('GET', `/v1/dnc/${encodeURIComponent(phone)}`, token);
  const historyOf = async (phone: string) => (await h.api<Page<DncChange>>('GET', `/v1/dnc/history?phone=${encodeURIComponent(phone)}`, agent)).body.items;

  describe('adding and looking up', () => {
    it('lists one or many numbers with their reasons, in any spelling; a repeat keeps the first listing', async () => {
      const [a, b] = [nextPhone(), nextPhone()];
      const res = await add([
        { phone: a, reason: 'Asked not to be called' },
        { phone: `(202) 555-${b.slice(-4)}`, reason: ' Complaint ' },
      ]);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        added: 2,
        alreadyListed: 0,
        items: [
          { phone: a, reason: 'Asked not to be called', source: 'api', listedBy: supervisorId, listedAt: expect.any(String) },
          { phone: b, reason: 'Complaint', source: 'api', listedBy: supervisorId, listedAt: expect.any(String) },
        ],
      });
      const again = await add([{ phone: a, reason: 'Second time' }]);
      expect(again.body).toMatchObject({ added: 0, alreadyListed: 1, items: [{ phone: a, reason: 'Asked not to be called' }] });
      await expect(lookUp(a)).resolves.toMatchObject({ status: 200, body: { phone: a, reason: 'Asked not to be called', source: 'api' } });
      await expect(lookUp(`202-555-${b.slice(-4)}`)).resolves.toMatchObject({ status: 200, body: { phone: b } });
      expect(await historyOf(a)).toHaveLength(1);
    });

    it('404 DNC.NOT_LISTED for a number not listed and for another tenant; 400 for a phone that is not one', async () => {
      const phone = nextPhone();
      await expect(lookUp(phone)).resolves.toMatchObject({ status: 404, body: { code: 'DNC.NOT_LISTED' } });
      await add([{ phone, reason: 'Asked' }]);
      await expect(lookUp(phone, stranger)).resolves.toMatchObject({ status: 404, body: { code: 'DNC.NOT_LISTED' } });
      const bad = await lookUp('call-me');
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['phone:INVALID_PHONE']);
    });

    it('validates the numbers: a reason each, a real phone, 1–1000 of them, nothing unknown; all or none', async () => {
      const phone = nextPhone();
      const res = await add([
        { phone, reason: 'ok' },
        { phone: '12', reason: 'x' },
      ]);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body as unknown as Problem)).toEqual(['numbers.1.phone:INVALID_PHONE']);
      await expect(lookUp(phone)).resolves.toMatchObject({ status: 404 });
      const problems = await add([{ phone }, { phone, reason: '' }, { phone, reason: 'x', extra: 1 }]);
      expect(fieldsOf(problems.body as unknown as Problem)).toEqual(
        expect.arrayContaining(['numbers.0.reason:IS_STRING', 'numbers.1.reason:IS_NOT_EMPTY', 'numbers.2.extra:UNKNOWN_FIELD']),
      );
      expect((await add([])).status).toBe(400);
      expect((await add(Array.from({ length: 1001 }, () => ({ phone, reason: 'x' })))).status).toBe(400);
    });

    it('needs dnc:write to add and dnc:read to look up; an agent has dnc:read only', async () => {
      await expect(add([{ phone: nextPhone(), reason: 'x' }], agent)).resolves.toMatchObject({ status: 403 });
      await expect(lookUp(nextPhone(), agent)).resolves.toMatchObject({ status: 404 });
      await expect(h.api('GET', '/v1/dnc/history', undefined)).resolves.toMatchObject({ status: 401 });
    });
  });

  describe('contacts follow the list', () => {
    it("listing makes the tenant's contacts with the number do_not_call; removal makes them new again, with history", async () => {
      const phone = nextPhone();
      const contact = (await h.api<ContactDto>('POST', '/v1/contacts', agent, { name: 'Ada', phone })).body;
      const foreign = (await h.api<ContactDto>('POST', '/v1/contacts', stranger, { name: 'Ada elsewhere', phone })).body;
      await add([{ phone, reason: 'Asked' }]);
      expect((await h.api<ContactDto>('GET', `/v1/contacts/${contact.id}`, agent)).body.status).toBe('do_not_call');
      expect((await h.api<ContactDto>('GET', `/v1/contacts/${foreign.id}`, stranger)).body.status).toBe('new');

      await expect(h.api('DELETE', `/v1/dnc/${phone}`, agent)).resolves.toMatchObject({ status: 403 });
      await expect(h.api('DELETE', `/v1/dnc/${phone}`, supervisor, { reason: 'Consent given' })).resolves.toMatchObject({ status: 204 });
      await expect(h.api('DELETE', `/v1/dnc/${phone}`, supervisor)).resolves.toMatchObject({ status: 404, body: { code: 'DNC.NOT_LISTED' } });
      expect((await h.api<ContactDto>('GET', `/v1/contacts/${contact.id}`, agent)).body.status).toBe('new');
      await expect(lookUp(phone)).resolves.toMatchObject({ status: 404 });
      expect(await historyOf(phone)).toEqual([
        { id: expect.any(String), phone, action: 'removed', source: 'api', actor: supervisorId, reason: 'Consent given', createdAt: expect.any(String) },
        { id: expect.any(String), phone, action: 'added', source: 'api', actor: supervisorId, reason: 'Asked', createdAt: expect.any(String) },
      ]);
    });

    it("keeps a tenant's history to itself, newest first, in keyset pages", async () => {
      const phones = [nextPhone(), nextPhone(), nextPhone()];
      for (const phone of phones) await add([{ phone, reason: 'paged' }], stranger);
      const first = await h.api<Page<DncChange>>('GET', '/v1/dnc/history?limit=2', stranger);
      expect(first.body.items.map((c) => c.phone)).toEqual([phones[2], phones[1]]);
      const second = await h.api<Page<DncChange>>('GET', `/v1/dnc/history?limit=2&cursor=${encodeURIComponent(first.body.nextCursor!)}`, stranger);
      expect(second.body).toMatchObject({ items: [{ phone: phones[0] }], nextCursor: null });
      await expect(h.api('GET', '/v1/dnc/history?limit=0', agent)).resolves.toMatchObject({ status: 400 });
    });
  });

  describe('imports', () => {
    const post = (body: string | object, token = supervisor) =>
      h.api<{ id: string; status: string; total: number }>(
        'POST',
        '/v1/dnc/imports',
        token,
        body,
        typeof body === 'string' ? { 'content-type': 'text/csv' } : {},
      );
    const settled = (id: string) =>
      waitFor(async () => {
        const job = await h.api<{ status: string; processed: number; failed: number; total: number; errors: unknown[] }>('GET', `/v1/dnc/imports/${id}`, agent);
        return job.body.status === 'completed' || job.body.status === 'failed' ? job.body : undefined;
      });

    it('imports 50,000 numbers from CSV through the import pipeline: listed with source import, contacts marked, history written', async () => {
      const base = 3_000_000;
      const phones = Array.from({ length: 50_000 }, (_, i) => `+1312${String(base + i).padStart(7, '0')}`);
      const contact = (await h.api<ContactDto>('POST', '/v1/contacts', agent, { name: 'Imported later', phone: phones[49_999]! })).body;
      const csv = `phone,reason\n${phones.map((p, i) => (i % 2 ? `${p},Bulk list` : `${p},`)).join('\n')}\n+1 nope,bad\n`;
      await expect(post(csv, agent)).resolves.toMatchObject({ status: 403 });
      const t0 = performance.now();
      const started = await post(csv);
      const accepted = performance.now();
      expect(started).toMatchObject({ status: 202, body: { status: 'queued', total: 50_001 } });
      const done = await settled(started.body.id);
      const finished = performance.now();
      console.log(
        `50,000-number do-not-call CSV import: accepted in ${Math.round(accepted - t0)} ms, completed in ${Math.round(finished - t0)} ms ` +
          `(${Math.round(50_000 / ((finished - t0) / 1000))} numbers/s end to end)`,
      );
      expect(done).toMatchObject({ status: 'completed', total: 50_001, processed: 50_001, failed: 1, errors: [{ row: 50_001, code: 'INVALID_PHONE' }] });
      const { rows } = await h.sql.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE source = 'import')::int AS imported FROM dnc_numbers WHERE tenant_id = 'acme' AND phone LIKE '+1312%'`,
      );
      expect(rows[0]).toEqual({ n: 50_000, imported: 50_000 });
      await expect(lookUp(phones[1]!)).resolves.toMatchObject({ body: { reason: 'Bulk list', source: 'import', listedBy: supervisorId } });
      await expect(lookUp(phones[0]!)).resolves.toMatchObject({ body: { reason: null, source: 'import' } });
      expect((await h.api<ContactDto>('GET', `/v1/contacts/${contact.id}`, agent)).body.status).toBe('do_not_call');
      expect(await historyOf(phones[7]!)).toEqual([expect.objectContaining({ action: 'added', source: 'import', actor: supervisorId, reason: 'Bulk list' })]);
    });

    it('takes JSON { numbers } too; a contact import id is not a do-not-call import', async () => {
      const phone = nextPhone();
      const started = await post({ numbers: [{ phone, reason: 'json' }, { phone: 'x' }] });
      expect(started.status).toBe(202);
      await expect(settled(started.body.id)).resolves.toMatchObject({ processed: 2, failed: 1 });
      await expect(lookUp(phone)).resolves.toMatchObject({ status: 200, body: { reason: 'json' } });
      await expect(h.api('GET', `/v1/contact-imports/${started.body.id}`, supervisor)).resolves.toMatchObject({ status: 404 });
      const header = await post('name,phone\nAda,+12025550100\n');
      expect(header.status).toBe(400);
      expect(fieldsOf(header.body as unknown as Problem)).toEqual(['header.name:UNKNOWN_COLUMN']);
    });
  });

  describe('contact time zones', () => {
    const create = (body: Record<string, unknown>) =>
      h.api<ContactDto & Pick<Problem, 'errors'>>('POST', '/v1/contacts', agent, { name: 'Zoned', phone: nextPhone(), ...body });

    it('derives the zone from a number that maps to one zone, none from one that maps to several', async () => {
      await expect(create({ phone: '+1 808 555 0123' })).resolves.toMatchObject({ status: 201, body: { timeZone: 'Pacific/Honolulu' } });
      await expect(create({ phone: '+61 2 9374 4000' })).resolves.toMatchObject({ status: 201, body: { timeZone: 'Australia/Sydney' } });
      // 605 (South Dakota) spans Central and Mountain time: the campaign's zone applies.
      await expect(create({ phone: '+1 605 555 0123' })).resolves.toMatchObject({ status: 201, body: { timeZone: null } });
    });

    it('takes a zone on create and PATCH (canonical IANA names), null on PATCH derives it again, a phone change derives it anew', async () => {
      const created = await create({ phone: '+1 605 555 0188', timeZone: 'america/chicago' });
      expect(created.body.timeZone).toBe('America/Chicago');
      const url = `/v1/contacts/${created.body.id}`;
      await expect(h.api('PATCH', url, agent, { timeZone: 'America/Denver' })).resolves.toMatchObject({ status: 200, body: { timeZone: 'America/Denver' } });
      await expect(h.api('PATCH', url, agent, { timeZone: null })).resolves.toMatchObject({ status: 200, body: { timeZone: null } });
      await expect(h.api('PATCH', url, agent, { phone: '+1 808 555 0188' })).resolves.toMatchObject({ status: 200, body: { timeZone: 'Pacific/Honolulu' } });
    });

    it.each([
      ['a zone that does not exist', 'Mars/Olympus_Mons', 'IS_TIME_ZONE_NAME'],
      ['an offset', '+05:00', 'IS_TIME_ZONE_NAME'],
      ['a number', 5, 'IS_STRING'],
    ])('400 for %s', async (_, timeZone, code) => {
      const res = await create({ timeZone });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toContain(`timeZone:${code}`);
    });

    it('imports take a time_zone column; a row without one keeps the zone the contact has', async () => {
      const [a, b] = ['+1 605 555 0190', '+1 605 555 0191'];
      const first = await h.api<{ id: string }>('POST', '/v1/contact-imports', supervisor, `name,phone,time_zone\nA,${a},America/Chicago\nB,${b},\n`, {
        'content-type': 'text/csv',
      });
      await waitFor(async () => (await h.api<{ status: string }>('GET', `/v1/contact-imports/${first.body.id}`, supervisor)).body.status === 'completed');
      const zones = async () =>
        (await h.api<Page<ContactDto>>('GET', `/v1/contacts?q=${encodeURIComponent('+1605555019')}`, agent)).body.items
          .map((c) => [c.phone, c.timeZone])
          .sort();
      expect(await zones()).toEqual([
        ['+16055550190', 'America/Chicago'],
        ['+16055550191', null],
      ]);
      const second = await h.api<{ id: string }>('POST', '/v1/contact-imports', supervisor, {
        contacts: [
          { name: 'A', phone: a },
          { name: 'B', phone: b, timeZone: 'America/Denver' },
        ],
      });
      await waitFor(async () => (await h.api<{ status: string }>('GET', `/v1/contact-imports/${second.body.id}`, supervisor)).body.status === 'completed');
      expect(await zones()).toEqual([
        ['+16055550190', 'America/Chicago'],
        ['+16055550191', 'America/Denver'],
      ]);
    });
  });
});
