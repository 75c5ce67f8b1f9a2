import { newPhone, newTenant, type Page, type Problem, type Resource } from '../support/topology.js';
import { eventually, expectProblem, expectStatus, type Scenario } from './scenario.js';

export const contactsScenarios: Scenario[] = [
  {
    feature: 'contacts',
    name: 'create → 201 with Location and ETag; read it back; the same phone again → 409 CONTACT.PHONE_TAKEN',
    run: async (t) => {
      const token = await t.token({ tenant: newTenant('contacts'), role: 'agent' });
      const phone = newPhone();
      const created = await t.request<Resource>('POST', '/v1/contacts', {
        token,
        body: { name: 'Ada Lovelace', phone, email: 'ada@example.com', tags: ['vip'] },
      });
      expectStatus(created, 201);
      expect(created.headers.get('location')).toBe(`/v1/contacts/${created.body.id}`);
      expect(created.headers.get('etag')).toBe('W/"1"');
      expect(created.body).toMatchObject({ name: 'Ada Lovelace', phone, status: 'new', version: 1 });
      const read = await t.request('GET', `/v1/contacts/${created.body.id}`, { token });
      expectStatus(read, 200);
      expect(read.body).toEqual(created.body);
      expectProblem(await t.request('POST', '/v1/contacts', { token, body: { name: 'Twin', phone } }), 409, 'CONTACT.PHONE_TAKEN');
    },
  },
  {
    feature: 'contacts',
    name: 'invalid body → 400 with field errors; unknown field rejected; a phone that is not one → 400; malformed JSON → 400',
    run: async (t) => {
      const token = await t.token({ tenant: newTenant('contacts'), role: 'agent' });
      const fieldsOf = (res: { body: Problem }) => (res.body.errors ?? []).map((e) => e.field).sort();
      const res = await t.request<Problem>('POST', '/v1/contacts', { token, body: { name: '', phone: '+12025550100', admin: true } });
      expectProblem(res, 400, 'VALIDATION');
      expect(fieldsOf(res)).toEqual(['admin', 'name']);
      const phone = await t.request<Problem>('POST', '/v1/contacts', { token, body: { name: 'Bad phone', phone: 'call me' } });
      expectProblem(phone, 400, 'VALIDATION');
      expect(fieldsOf(phone)).toEqual(['phone']);
      expectProblem(
        await t.request('POST', '/v1/contacts', { token, body: '{"name":', headers: { 'content-type': 'application/json' } }),
        400,
        'MALFORMED_JSON',
      );
    },
  },
  {
    feature: 'contacts',
    // UpdateContactDto is CreateContactDto made partial: its rules are inherited at run time (@nestjs/mapped-types).
    name: 'PATCH validates and trims as POST does: a renamed, retagged contact → 200; an empty tag → 400',
    run: async (t) => {
      const token = await t.token({ tenant: newTenant('contacts'), role: 'agent' });
      const created = await t.request<Resource>('POST', '/v1/contacts', { token, body: { name: 'Grace', phone: newPhone() } });
      expectStatus(created, 201);
      const url = `/v1/contacts/${created.body.id}`;
      const patched = await t.request('PATCH', url, { token, body: { name: '  Grace Hopper ', tags: [' navy '] } });
      expectStatus(patched, 200);
      expect(patched.body).toMatchObject({ name: 'Grace Hopper', tags: ['navy'] });
      const blank = await t.request<Problem>('PATCH', url, { token, body: { tags: [' '] } });
      expectProblem(blank, 400, 'VALIDATION');
      expect([...new Set(blank.body.errors?.map((e) => e.field))]).toEqual(['tags']);
    },
  },
  {
    feature: 'contacts',
    name: "another tenant's contact is 404; a stale If-Match is 412; an agent's delete → 403 (contacts:delete), a supervisor's → 204 then 404",
    run: async (t) => {
      const tenant = newTenant('contacts');
      const token = await t.token({ tenant, role: 'agent' });
      const supervisor = await t.token({ tenant, role: 'supervisor' });
      const stranger = await t.token({ tenant: newTenant('stranger'), role: 'admin' });
      const created = await t.request<Resource>('POST', '/v1/contacts', { token, body: { name: 'Grace', phone: newPhone() } });
      const url = `/v1/contacts/${created.body.id}`;
      expectProblem(await t.request('GET', url, { token: stranger }), 404, 'CONTACT.NOT_FOUND');
      const patched = await t.request('PATCH', url, { token, body: { status: 'callback' }, headers: { 'if-match': 'W/"1"' } });
      expectStatus(patched, 200);
      expect(patched.headers.get('etag')).toBe('W/"2"');
      expectProblem(await t.request('PATCH', url, { token, body: { name: 'Late' }, headers: { 'if-match': 'W/"1"' } }), 412, 'PRECONDITION_FAILED');
      expectStatus(await t.request('DELETE', url, { token }), 403);
      expectStatus(await t.request('DELETE', url, { token: supervisor }), 204);
      expectProblem(await t.request('GET', url, { token }), 404, 'CONTACT.NOT_FOUND');
    },
  },
  {
    feature: 'contacts',
    name: 'lists newest first with a keyset cursor; limit outside 1–200 → 400',
    run: async (t) => {
      const token = await t.token({ tenant: newTenant('contacts'), role: 'agent' });
      for (const name of ['First', 'Second', 'Third']) await t.request('POST', '/v1/contacts', { token, body: { name, phone: newPhone() } });
      const page1 = await t.request<Page>('GET', '/v1/contacts?limit=2', { token });
      expectStatus(page1, 200);
      expect(page1.body.items.map((c) => c.name)).toEqual(['Third', 'Second']);
      const page2 = await t.request('GET', `/v1/contacts?limit=2&cursor=${encodeURIComponent(page1.body.nextCursor ?? '')}`, { token });
      expect(page2.body).toMatchObject({ items: [{ name: 'First' }], nextCursor: null });
      expectProblem(await t.request('GET', '/v1/contacts?limit=201', { token }), 400, 'VALIDATION');
    },
  },
  {
    feature: 'contacts',
    name: 'a JSON import is accepted (202) and completes through the contact-imports queue',
    run: async (t) => {
      const token = await t.token({ tenant: newTenant('imports'), role: 'supervisor' });
      const rows = [
        { name: 'Imported One', phone: newPhone() },
        { name: 'Imported Two', phone: newPhone() },
        { name: 'Bad', phone: 'nope' },
      ];
      const accepted = await t.request<Resource>('POST', '/v1/contact-imports', { token, body: { contacts: rows } });
      expectStatus(accepted, 202);
      expect(accepted.body).toMatchObject({ status: 'queued', total: 3 });
      const done = await eventually(t, async () => {
        const job = await t.request<Resource>('GET', `/v1/contact-imports/${accepted.body.id}`, { token });
        return job.body.status === 'completed' ? job.body : undefined;
      });
      expect(done).toMatchObject({ total: 3, processed: 3, failed: 1 });
      const list = await t.request<Page>('GET', '/v1/contacts?q=Imported', { token });
      expect(list.body.items).toHaveLength(2);
    },
  },
  {
    feature: 'contacts',
    name: 'do-not-call: a listed number makes its contact do_not_call; PATCH cannot clear it (409); an agent cannot remove it (403); a removal by dnc:write can, with history',
    run: async (t) => {
      const tenant = newTenant('dnc');
      const agent = await t.token({ tenant, role: 'agent' });
      const supervisor = await t.token({ tenant, role: 'supervisor' });
      const phone = newPhone();
      expectStatus(await t.request('POST', '/v1/dnc', { token: agent, body: { numbers: [{ phone, reason: 'Asked' }] } }), 403);
      const listed = await t.request('POST', '/v1/dnc', { token: supervisor, body: { numbers: [{ phone, reason: 'Asked' }] } });
      expectStatus(listed, 200);
      expect(listed.body).toMatchObject({ added: 1, items: [{ phone, source: 'api' }] });
      const looked = await t.request('GET', `/v1/dnc/${phone}`, { token: agent });
      expectStatus(looked, 200);
      expect(looked.body).toMatchObject({ phone, reason: 'Asked' });
      const contact = await t.request<Resource>('POST', '/v1/contacts', { token: agent, body: { name: 'Listed', phone } });
      expectStatus(contact, 201);
      expect(contact.body).toMatchObject({ status: 'do_not_call' });
      const url = `/v1/contacts/${contact.body.id}`;
      expectProblem(await t.request('PATCH', url, { token: agent, body: { status: 'new' } }), 409, 'CONTACT.DO_NOT_CALL');
      expectStatus(await t.request('DELETE', `/v1/dnc/${phone}`, { token: agent }), 403);
      expectStatus(await t.request('DELETE', `/v1/dnc/${phone}`, { token: supervisor, body: { reason: 'Consent' } }), 204);
      expectProblem(await t.request('GET', `/v1/dnc/${phone}`, { token: agent }), 404, 'DNC.NOT_LISTED');
      expect((await t.request('GET', url, { token: agent })).body).toMatchObject({ status: 'new' });
      const history = await t.request<Page>('GET', `/v1/dnc/history?phone=${encodeURIComponent(phone)}`, { token: agent });
      expectStatus(history, 200);
      expect(history.body.items.map((c) => [c.action, c.source, c.reason])).toEqual([
        ['removed', 'api', 'Consent'],
        ['added', 'api', 'Asked'],
      ]);
    },
  },
  {
    feature: 'contacts',
    name: 'a do-not-call import is accepted (202) and lists its numbers through the contact-imports queue',
    run: async (t) => {
      const tenant = newTenant('dnc-import');
      const supervisor = await t.token({ tenant, role: 'supervisor' });
      const phones = [newPhone(), newPhone()];
      const accepted = await t.request<Resource>('POST', '/v1/dnc/imports', {
        token: supervisor,
        body: `phone,reason\n${phones[0]},Bulk\n${phones[1]},\nnope,\n`,
        headers: { 'content-type': 'text/csv' },
      });
      expectStatus(accepted, 202);
      expect(accepted.body).toMatchObject({ status: 'queued', total: 3 });
      const done = await eventually(t, async () => {
        const job = await t.request<Resource>('GET', `/v1/dnc/imports/${accepted.body.id}`, { token: supervisor });
        return job.body.status === 'completed' ? job.body : undefined;
      });
      expect(done).toMatchObject({ total: 3, processed: 3, failed: 1 });
      const looked = await t.request('GET', `/v1/dnc/${phones[0]}`, { token: supervisor });
      expectStatus(looked, 200);
      expect(looked.body).toMatchObject({ source: 'import', reason: 'Bulk' });
    },
  },
  {
    feature: 'contacts',
    name: "a contact's time zone: derived from a number with one zone, null for several, settable, an unknown zone → 400",
    run: async (t) => {
      const token = await t.token({ tenant: newTenant('zones'), role: 'agent' });
      const honolulu = await t.request<Resource>('POST', '/v1/contacts', { token, body: { name: 'Kai', phone: `+1808${newPhone().slice(-7)}` } });
      expectStatus(honolulu, 201);
      expect(honolulu.body).toMatchObject({ timeZone: 'Pacific/Honolulu' });
      const dakota = await t.request<Resource>('POST', '/v1/contacts', { token, body: { name: 'Sam', phone: `+1605555${newPhone().slice(-4)}` } });
      expectStatus(dakota, 201);
      expect(dakota.body).toMatchObject({ timeZone: null });
      const set = await t.request('PATCH', `/v1/contacts/${dakota.body.id}`, { token, body: { timeZone: 'America/Chicago' } });
      expectStatus(set, 200);
      expect(set.body).toMatchObject({ timeZone: 'America/Chicago' });
      expectProblem(await t.request('POST', '/v1/contacts', { token, body: { name: 'Nowhere', phone: newPhone(), timeZone: 'Mars/Base' } }), 400, 'VALIDATION');
    },
  },
];
