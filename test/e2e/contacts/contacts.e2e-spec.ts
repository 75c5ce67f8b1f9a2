import type { Page, Problem } from '#switchboard/common';
import { ContactsRepository, ContactsService, DncList, PhoneTakenError, type ContactDto, type ContactStatus } from '#switchboard/contacts';
import { DataSource } from 'typeorm';
import { buildOpenApi } from '../../../apps/api/src/openapi.js';
import { fieldsOf, startContactsHarness, type ContactsHarness } from './contacts-harness.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
let phoneSeq = 1000;
/** A fresh valid US number in national spelling. */
const nextPhone = () => `(202) 555-${String(phoneSeq++).padStart(4, '0')}`;
const e164 = (national: string) => `+1${national.replace(/\D/g, '')}`;

describe('contacts API', () => {
  let h: ContactsHarness;
  let agent: string;
  let admin: string;
  let otherTenant: string;

  beforeAll(async () => {
    h = await startContactsHarness();
    agent = await h.token({ tenant: 'acme', role: 'agent' });
    admin = await h.token({ tenant: 'acme', role: 'supervisor' });
    otherTenant = await h.token({ tenant: 'globex', role: 'admin' });
  });
  afterAll(() => h?.close());

  const create = async (body: Record<string, unknown> = {}, token = agent) => {
    const res = await h.api<ContactDto>('POST', '/v1/contacts', token, { name: 'Ada Lovelace', phone: nextPhone(), ...body });
    expect(res.status).toBe(201);
    return res.body;
  };

  describe('POST /v1/contacts', () => {
    it('creates a contact with its phone in E.164, Location and ETag', async () => {
      const res = await h.api<ContactDto>('POST', '/v1/contacts', agent, {
        name: '  Ada Lovelace ',
        phone: '(202) 555-0100',
        email: 'ada@example.com',
        tags: ['vip', ' emea', 'vip'],
        fields: { plan: 'gold', seats: 12, vip: true },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Ada Lovelace',
        phone: '+12025550100',
        email: 'ada@example.com',
        tags: ['vip', 'emea'],
        fields: { plan: 'gold', seats: 12, vip: true },
        status: 'new',
        timeZone: 'America/New_York',
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(res.headers.get('location')).toBe(`/v1/contacts/${res.body.id}`);
      expect(res.headers.get('etag')).toBe('W/"1"');
    });

    it('defaults email, tags and fields', async () => {
      const contact = await create({ phone: '+44 20 7946 0958' });
      expect(contact).toMatchObject({ phone: '+442079460958', email: null, tags: [], fields: {}, status: 'new' });
    });

    it.each([
      ['every field missing', {}, ['name:IS_STRING', 'phone:IS_STRING']],
      ['an empty name', { name: '  ' }, ['name:IS_NOT_EMPTY']],
      ['a name too long', { name: 'x'.repeat(201) }, ['name:MAX_LENGTH']],
      ['a phone that is not a string', { phone: 2025550100 }, ['phone:IS_STRING']],
      ['an empty phone', { phone: '' }, ['phone:IS_NOT_EMPTY']],
      ['a phone that is not a number', { phone: 'call me' }, ['phone:INVALID_PHONE']],
      ['a phone too short', { phone: '555-01' }, ['phone:INVALID_PHONE']],
      ['an invalid email', { email: 'ada-at-example' }, ['email:IS_EMAIL']],
      ['tags that are not an array', { tags: 'vip' }, ['tags:IS_ARRAY']],
      ['a tag that is not a string', { tags: [1] }, ['tags:IS_STRING']],
      ['an empty tag', { tags: [''] }, ['tags:IS_LENGTH']],
      ['a blank tag', { tags: [' '] }, ['tags:IS_LENGTH']],
      ['a tag with ";"', { tags: ['a;b'] }, ['tags:MATCHES']],
      ['too many tags', { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, ['tags:ARRAY_MAX_SIZE']],
      ['null tags (leave them out for none)', { tags: null }, ['tags:IS_ARRAY']],
      ['null fields (leave them out for none)', { fields: null }, ['fields:IS_FLAT_FIELDS']],
      ['nested fields', { fields: { address: { city: 'London' } } }, ['fields:IS_FLAT_FIELDS']],
      ['fields as an array', { fields: ['a'] }, ['fields:IS_FLAT_FIELDS']],
      ['a null field value', { fields: { a: null } }, ['fields:IS_FLAT_FIELDS']],
      ['a status (set with PATCH only)', { status: 'do_not_call' }, ['status:UNKNOWN_FIELD']],
      ['an unknown field', { tenantId: 'globex' }, ['tenantId:UNKNOWN_FIELD']],
    ])('400 for %s', async (_, body, expected) => {
      const base = Object.keys(body).length ? { name: 'Ada', phone: nextPhone() } : {};
      const res = await h.api<Problem>('POST', '/v1/contacts', agent, { ...base, ...body });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION' });
      expect(fieldsOf(res.body)).toEqual(expect.arrayContaining(expected));
    });

    it('409 CONTACT.PHONE_TAKEN for a live phone of the tenant in another spelling; another tenant may use it', async () => {
      const phone = nextPhone();
      await create({ phone });
      const dup = await h.api('POST', '/v1/contacts', agent, { name: 'Twin', phone: e164(phone) });
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({ status: 409, code: 'CONTACT.PHONE_TAKEN' });
      await create({ phone }, otherTenant);
    });

    it('lets exactly one of 12 concurrent creates of one phone win', async () => {
      const phone = nextPhone();
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => h.api('POST', '/v1/contacts', agent, { name: `Racer ${i}`, phone })));
      expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(11).fill(409)]);
      const { rows } = await h.sql.query(`SELECT count(*)::int AS n FROM contacts WHERE tenant_id = 'acme' AND phone = $1`, [e164(phone)]);
      expect(rows[0].n).toBe(1);
    });

    it('401 without a token, 403 without contacts:write', async () => {
      expect((await h.api('POST', '/v1/contacts', undefined, { name: 'A', phone: nextPhone() })).status).toBe(401);
      const reader = await h.token({ tenant: 'acme', permissions: ['contacts:read'] });
      const res = await h.api('POST', '/v1/contacts', reader, { name: 'A', phone: nextPhone() });
      expect(res.status).toBe(403);
    });
  });

  describe('GET /v1/contacts/:id', () => {
    it('answers the contact with its ETag', async () => {
      const contact = await create();
      const res = await h.api('GET', `/v1/contacts/${contact.id}`, agent);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(contact);
      expect(res.headers.get('etag')).toBe('W/"1"');
    });

    it("400 for a malformed id, 404 for an unknown one and for another tenant's", async () => {
      const contact = await create();
      const malformed = await h.api<Problem>('GET', '/v1/contacts/not-a-uuid', agent);
      expect(malformed.status).toBe(400);
      expect(fieldsOf(malformed.body)).toEqual(['id:INVALID_UUID']);
      const unknown = await h.api('GET', `/v1/contacts/${UNKNOWN_ID}`, agent);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ code: 'CONTACT.NOT_FOUND' });
      const foreign = await h.api('GET', `/v1/contacts/${contact.id}`, otherTenant);
      expect(foreign.status).toBe(404);
      expect(foreign.body).toMatchObject({ code: 'CONTACT.NOT_FOUND' });
    });

    it('403 without contacts:read', async () => {
      const contact = await create();
      const none = await h.token({ tenant: 'acme', permissions: ['calls:read'] });
      expect((await h.api('GET', `/v1/contacts/${contact.id}`, none)).status).toBe(403);
      expect((await h.api('GET', '/v1/contacts', none)).status).toBe(403);
    });
  });

  describe('PATCH /v1/contacts/:id', () => {
    it('changes what is given, sets the status, bumps the version and the ETag', async () => {
      const contact = await create({ email: 'old@example.com', tags: ['a'], fields: { plan: 'gold' } });
      const res = await h.api<ContactDto>('PATCH', `/v1/contacts/${contact.id}`, agent, { name: 'Ada King', status: 'callback', fields: { plan: 'silver' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'Ada King', status: 'callback', email: 'old@example.com', tags: ['a'], fields: { plan: 'silver' }, version: 2 });
      expect(res.headers.get('etag')).toBe('W/"2"');
      expect(new Date(res.body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(contact.updatedAt).getTime());
    });

    it('normalises a new phone, and clears the email with null', async () => {
      const contact = await create({ email: 'a@example.com' });
      const res = await h.api('PATCH', `/v1/contacts/${contact.id}`, agent, { phone: '+1 202 555 0199', email: null });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ phone: '+12025550199', email: null });
    });

    it('honours If-Match: the current version passes, a stale one is 412, a malformed one 400', async () => {
      const contact = await create();
      const ok = await h.api('PATCH', `/v1/contacts/${contact.id}`, agent, { status: 'contacted' }, { 'if-match': 'W/"1"' });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('etag')).toBe('W/"2"');
      const stale = await h.api('PATCH', `/v1/contacts/${contact.id}`, agent, { status: 'new' }, { 'if-match': 'W/"1"' });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ code: 'PRECONDITION_FAILED' });
      const strong = await h.api('PATCH', `/v1/contacts/${contact.id}`, agent, { status: 'new' }, { 'if-match': '"2"' });
      expect(strong.status).toBe(200);
      const malformed = await h.api('PATCH', `/v1/contacts/${contact.id}`, agent, { status: 'new' }, { 'if-match': 'version-3' });
      expect(malformed.status).toBe(400);
      const current = await h.api('GET', `/v1/contacts/${contact.id}`, agent);
      expect(current.body).toMatchObject({ status: 'new', version: 3 });
    });

    it('an empty body changes nothing but still checks If-Match', async () => {
      const contact = await create();
      const same = await h.api('PATCH', `/v1/contacts/${contact.id}`, agent, {}, { 'if-match': 'W/"1"' });
      expect(same.status).toBe(200);
      expect(same.body).toEqual(contact);
      expect((await h.api('PATCH', `/v1/contacts/${contact.id}`, agent, {}, { 'if-match': 'W/"7"' })).status).toBe(412);
    });

    it('409 when the new phone belongs to another live contact', async () => {
      const a = await create();
      const b = await create();
      const res = await h.api('PATCH', `/v1/contacts/${b.id}`, agent, { phone: a.phone });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'CONTACT.PHONE_TAKEN' });
    });

    it.each([
      ['a null name', { name: null }, ['name:IS_STRING']],
      ['an empty name', { name: '' }, ['name:IS_NOT_EMPTY']],
      ['a null phone', { phone: null }, ['phone:IS_STRING']],
      ['an invalid phone', { phone: '12' }, ['phone:INVALID_PHONE']],
      ['an unknown status', { status: 'vip' }, ['status:IS_IN']],
      ['null tags', { tags: null }, ['tags:IS_ARRAY']],
      ['nested fields', { fields: { a: [1, 2] } }, ['fields:IS_FLAT_FIELDS']],
      ['an unknown field', { version: 9 }, ['version:UNKNOWN_FIELD']],
    ])('400 for %s', async (_, body, expected) => {
      const contact = await create();
      const res = await h.api<Problem>('PATCH', `/v1/contacts/${contact.id}`, agent, body);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(expect.arrayContaining(expected));
    });

    it('refuses a blank tag that a creation refuses, and stores nothing (#19)', async () => {
      const contact = await create({ tags: ['vip'] });
      const res = await h.api<Problem>('PATCH', `/v1/contacts/${contact.id}`, agent, { tags: [' '] });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(expect.arrayContaining(['tags:IS_LENGTH']));
      expect((await h.api('GET', `/v1/contacts/${contact.id}`, agent)).body).toEqual(contact);
    });

    it('trims the name and the tags as a creation does', async () => {
      const contact = await create();
      const res = await h.api('PATCH', `/v1/contacts/${contact.id}`, agent, { name: '  Ada King ', tags: [' vip', 'emea ', 'vip'] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'Ada King', tags: ['vip', 'emea'] });
    });

    // A change is validated by the creation's own rules (UpdateContactDto is PartialType(CreateContactDto)):
    // each value is refused by both with the same field errors, and the contact stays as it was.
    it.each([
      ['a blank name', { name: '  ' }, ['name:IS_NOT_EMPTY']],
      ['a name too long', { name: 'x'.repeat(201) }, ['name:MAX_LENGTH']],
      ['a phone that is not a string', { phone: 2025550100 }, ['phone:IS_STRING']],
      ['a phone too long', { phone: '1'.repeat(41) }, ['phone:MAX_LENGTH']],
      ['an invalid email', { email: 'ada-at-example' }, ['email:IS_EMAIL']],
      ['tags that are not an array', { tags: 'vip' }, ['tags:IS_ARRAY']],
      ['a tag that is not a string', { tags: [1] }, ['tags:IS_STRING']],
      ['a blank tag among good ones', { tags: ['vip', '   '] }, ['tags:IS_LENGTH']],
      ['a tag too long', { tags: ['x'.repeat(51)] }, ['tags:IS_LENGTH']],
      ['a tag with ";"', { tags: ['a;b'] }, ['tags:MATCHES']],
      ['too many tags', { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, ['tags:ARRAY_MAX_SIZE']],
      ['fields as an array', { fields: ['a'] }, ['fields:IS_FLAT_FIELDS']],
      ['a null field value', { fields: { a: null } }, ['fields:IS_FLAT_FIELDS']],
      ['null fields', { fields: null }, ['fields:IS_FLAT_FIELDS']],
    ])('400 for %s, as on creation', async (_, body, expected) => {
      const contact = await create({ tags: ['a'], fields: { plan: 'gold' } });
      const patched = await h.api<Problem>('PATCH', `/v1/contacts/${contact.id}`, agent, body);
      expect(patched.status).toBe(400);
      expect(fieldsOf(patched.body)).toEqual(expect.arrayContaining(expected));
      const created = await h.api<Problem>('POST', '/v1/contacts', agent, { name: 'Ada', phone: nextPhone(), ...body });
      expect(created.status).toBe(400);
      expect(fieldsOf(created.body).sort()).toEqual(fieldsOf(patched.body).sort());
      expect((await h.api('GET', `/v1/contacts/${contact.id}`, agent)).body).toEqual(contact);
    });

    it("404 for another tenant's contact, which stays unchanged; 400 for a malformed id", async () => {
      const contact = await create();
      const res = await h.api('PATCH', `/v1/contacts/${contact.id}`, otherTenant, { name: 'Hijacked' });
      expect(res.status).toBe(404);
      expect((await h.api('GET', `/v1/contacts/${contact.id}`, agent)).body).toEqual(contact);
      expect((await h.api('PATCH', '/v1/contacts/123', agent, { name: 'x' })).status).toBe(400);
    });
  });

  describe('DELETE /v1/contacts/:id', () => {
    it('deletes softly: 204, then 404, and the phone can be used again', async () => {
      const contact = await create();
      const res = await h.api('DELETE', `/v1/contacts/${contact.id}`, admin);
      expect(res.status).toBe(204);
      expect(res.body).toBeUndefined();
      expect((await h.api('GET', `/v1/contacts/${contact.id}`, agent)).status).toBe(404);
      expect((await h.api('DELETE', `/v1/contacts/${contact.id}`, admin)).status).toBe(404);
      expect((await h.api('PATCH', `/v1/contacts/${contact.id}`, agent, { name: 'x' })).status).toBe(404);
      const again = await create({ phone: contact.phone });
      expect(again.id).not.toBe(contact.id);
      const { rows } = await h.sql.query(`SELECT deleted_at FROM contacts WHERE id = $1`, [contact.id]);
      expect(rows[0].deleted_at).toBeInstanceOf(Date);
    });

    it('403 for an agent: deleting needs contacts:delete', async () => {
      const contact = await create();
      await expect(h.api('DELETE', `/v1/contacts/${contact.id}`, agent)).resolves.toMatchObject({ status: 403 });
      expect((await h.api('GET', `/v1/contacts/${contact.id}`, agent)).status).toBe(200);
    });

    it("412 for a stale If-Match, 404 for another tenant's contact, 400 for a malformed id", async () => {
      const contact = await create();
      await h.api('PATCH', `/v1/contacts/${contact.id}`, agent, { status: 'contacted' });
      expect((await h.api('DELETE', `/v1/contacts/${contact.id}`, admin, undefined, { 'if-match': 'W/"1"' })).status).toBe(412);
      expect((await h.api('DELETE', `/v1/contacts/${contact.id}`, otherTenant)).status).toBe(404);
      expect((await h.api('GET', `/v1/contacts/${contact.id}`, agent)).status).toBe(200);
      expect((await h.api('DELETE', '/v1/contacts/nope', admin)).status).toBe(400);
      expect((await h.api('DELETE', `/v1/contacts/${contact.id}`, admin, undefined, { 'if-match': 'W/"2"' })).status).toBe(204);
    });
  });

  describe('GET /v1/contacts', () => {
    const tenant = 'listco';
    let token: string;
    let ids: string[] = [];

    beforeAll(async () => {
      token = await h.token({ tenant, role: 'agent' });
      // 25 contacts a second apart; every 5th a VIP, every 4th do-not-call.
      const base = Date.parse('2026-03-01T10:00:00Z');
      const { rows } = await h.sql.query(
        `INSERT INTO contacts (tenant_id, name, phone, email, tags, status, created_at, updated_at)
         SELECT $1, CASE WHEN i % 2 = 0 THEN 'Grace ' ELSE 'Alan ' END || i, '+1202555' || lpad((2000 + i)::text, 4, '0'),
                'person' || i || '@Example.com', CASE WHEN i % 5 = 0 THEN ARRAY['vip', 'emea'] ELSE ARRAY['emea'] END,
                CASE WHEN i % 4 = 0 THEN 'do_not_call' ELSE 'new' END, $2::timestamptz + i * interval '1 second', $2::timestamptz
         FROM generate_series(1, 25) AS i RETURNING id`,
        [tenant, new Date(base).toISOString()],
      );
      ids = rows.map((r) => r.id).reverse(); // newest first
      // Noise the list must never show: a deleted contact and another tenant's.
      await h.sql.query(
        `INSERT INTO contacts (tenant_id, name, phone, created_at, updated_at, deleted_at) VALUES ($1, 'Grace Gone', '+12025559990', now(), now(), now())`,
        [tenant],
      );
      await h.sql.query(`INSERT INTO contacts (tenant_id, name, phone, created_at, updated_at) VALUES ('other', 'Grace Other', '+12025559991', now(), now())`);
    });

    const list = async (query: string) => {
      const res = await h.api<Page<ContactDto>>('GET', `/v1/contacts${query}`, token);
      expect(res.status).toBe(200);
      return res.body;
    };

    const collect = async (query: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await list(`${query}${query ? '&' : '?'}limit=10${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);
      return { seen, pages };
    };

    it('pages newest first over several pages, each contact once, nextCursor null at the end', async () => {
      const { seen, pages } = await collect('');
      expect(pages).toBe(3);
      expect(seen).toEqual(ids);
      const first = await list('');
      expect(first.items).toHaveLength(25);
      expect(first.nextCursor).toBeNull();
    });

    it('filters by status and by tag, paging within the filter', async () => {
      const dnc = await collect('?status=do_not_call');
      expect(dnc.seen).toHaveLength(6);
      const vip = await list('?tag=vip');
      expect(vip.items.map((i) => i.name)).toEqual(['Alan 25', 'Grace 20', 'Alan 15', 'Grace 10', 'Alan 5']);
      const vipDnc = await list('?tag=vip&status=do_not_call');
      expect(vipDnc.items.map((i) => i.name)).toEqual(['Grace 20']);
      expect((await list('?tag=nobody')).items).toEqual([]);
    });

    it('q is a case-insensitive prefix of the name, the email or the phone (E.164 or national)', async () => {
      const grace = await collect('?q=gRaCe');
      expect(grace.seen).toHaveLength(12);
      expect((await list('?q=alan%202')).items.map((i) => i.name)).toEqual(['Alan 25', 'Alan 23', 'Alan 21']);
      expect((await list('?q=PERSON17%40example')).items.map((i) => i.name)).toEqual(['Alan 17']);
      expect((await list('?q=%2B12025552003')).items.map((i) => i.name)).toEqual(['Alan 3']);
      expect((await list('?q=(202)%20555-201')).items.map((i) => i.name)).toHaveLength(10);
      expect((await list('?q=race')).items).toEqual([]); // a prefix, not a substring
      expect((await list('?q=Grace%25')).items).toEqual([]); // % is literal
      expect((await list('?q=Gr_ce')).items).toEqual([]); // and so is _
      expect((await list('?q=Grac%5Ce')).items).toEqual([]); // and the escape character (unescaped, \e would match e)
      expect((await list('?q=grace&status=do_not_call&tag=vip')).items.map((i) => i.name)).toEqual(['Grace 20']);
    });

    it.each([
      ['limit=0', ['limit:MIN']],
      ['limit=201', ['limit:MAX']],
      ['limit=ten', ['limit:IS_INT']],
      ['cursor=%25%25', ['cursor:MATCHES']],
      ['status=vip', ['status:IS_IN']],
      ['q=', ['q:IS_NOT_EMPTY']],
      ['tag=' + 'x'.repeat(51), ['tag:MAX_LENGTH']],
      ['sort=name', ['sort:UNKNOWN_FIELD']],
    ])('400 for ?%s', async (query, expected) => {
      const res = await h.api<Problem>('GET', `/v1/contacts?${query}`, token);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(expect.arrayContaining(expected));
    });

    it('400 for a cursor that decodes to nothing', async () => {
      const res = await h.api<Problem>('GET', `/v1/contacts?cursor=${Buffer.from('["x"]').toString('base64url')}`, token);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['cursor:INVALID_CURSOR']);
    });

    it('shows another tenant none of these contacts', async () => {
      const res = await h.api<Page<ContactDto>>('GET', '/v1/contacts?q=grace', otherTenant);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    });
  });

  describe('ContactsService for other features', () => {
    it("applyCallOutcome sets the status inside the caller's transaction, only for a live contact of that tenant, never away from do_not_call", async () => {
      const contact = await create();
      const service = h.t.app.get(ContactsService);
      const db = h.t.app.get(DataSource);
      await expect(db.transaction((manager) => service.applyCallOutcome('acme', contact.id, 'callback', manager))).resolves.toBe(true);
      expect((await h.api('GET', `/v1/contacts/${contact.id}`, agent)).body).toMatchObject({ status: 'callback', version: 2 });
      await expect(db.transaction((manager) => service.applyCallOutcome('globex', contact.id, 'new', manager))).resolves.toBe(false);
      await expect(db.transaction((manager) => service.applyCallOutcome('acme', 'not-a-uuid', 'new', manager))).resolves.toBe(false);
      // Rolled back with the caller's transaction.
      await expect(
        db.transaction(async (manager) => {
          await service.applyCallOutcome('acme', contact.id, 'contacted', manager);
          throw new Error('call insert failed');
        }),
      ).rejects.toThrow('call insert failed');
      expect((await h.api('GET', `/v1/contacts/${contact.id}`, agent)).body).toMatchObject({ status: 'callback', version: 2 });
      // Without a transaction of the caller's, it commits on its own.
      await expect(service.applyCallOutcome('acme', contact.id, 'contacted')).resolves.toBe(true);
      expect((await h.api('GET', `/v1/contacts/${contact.id}`, agent)).body).toMatchObject({ status: 'contacted', version: 3 });
      // Listed, the contact stays do_not_call whatever a later call sets.
      await db.transaction((manager) =>
        h.t.app.get(DncList).list(manager, 'acme', [{ phone: contact.phone, reason: 'asked' }], { source: 'api', actor: 'test' }),
      );
      await expect(service.applyCallOutcome('acme', contact.id, 'contacted')).resolves.toBe(true);
      expect((await h.api('GET', `/v1/contacts/${contact.id}`, agent)).body).toMatchObject({ status: 'do_not_call' });
      await h.api('DELETE', `/v1/contacts/${contact.id}`, admin);
      await expect(db.transaction((manager) => service.applyCallOutcome('acme', contact.id, 'new', manager))).resolves.toBe(false);
    });

    it("findIdByPhone matches any spelling of a live contact's phone, per tenant", async () => {
      const phone = nextPhone();
      const contact = await create({ phone });
      const service = h.t.app.get(ContactsService);
      await expect(service.findIdByPhone('acme', e164(phone))).resolves.toBe(contact.id);
      await expect(service.findIdByPhone('acme', phone.replace(/\D/g, ''))).resolves.toBe(contact.id);
      await expect(service.findIdByPhone('globex', phone)).resolves.toBeNull();
      await expect(service.findIdByPhone('acme', 'garbage')).resolves.toBeNull();
      await h.api('DELETE', `/v1/contacts/${contact.id}`, admin);
      await expect(service.findIdByPhone('acme', phone)).resolves.toBeNull();
    });
  });

  describe('ContactsRepository', () => {
    it('update answers a clash on the live phone as PhoneTakenError and lets any other failure through as it is', async () => {
      const a = await create();
      const b = await create();
      const contacts = h.t.app.get(ContactsRepository);
      await expect(contacts.update('acme', b.id, { phone: a.phone }, new Date())).rejects.toBeInstanceOf(PhoneTakenError);
      await expect(contacts.update('acme', b.id, { status: 'vip' as ContactStatus }, new Date())).rejects.toMatchObject({
        driverError: { code: '23514', constraint: 'contacts_status_check' },
      });
      expect((await h.api('GET', `/v1/contacts/${b.id}`, agent)).body).toEqual(b);
    });
  });

  it('documents every contacts operation with request and response schemas', () => {
    const doc = buildOpenApi(h.t.app);
    const ops = doc.paths['/v1/contacts']!;
    expect(ops.post!.requestBody).toBeDefined();
    expect(ops.post!.responses['201']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ContactDto' } } } });
    expect(ops.get!.responses['200']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ContactPageDto' } } } });
    const one = doc.paths['/v1/contacts/{id}']!;
    expect(one.patch!.requestBody).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/UpdateContactDto' } } } });
    // A change takes every field of a creation, all optional, and the status.
    const update = doc.components!.schemas!.UpdateContactDto as { properties: Record<string, unknown>; required?: string[] };
    expect(Object.keys(update.properties).sort()).toEqual(['email', 'fields', 'name', 'phone', 'status', 'tags', 'timeZone']);
    expect(update.required).toBeUndefined();
    expect(one.delete!.responses['204']).toBeDefined();
    expect(Object.keys(doc.components!.schemas!.ContactDto!)).toContain('properties');
  });
});
