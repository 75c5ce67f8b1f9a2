import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Page, Problem } from '#switchboard/common';
import type { ContactDto, ContactImportDto, ImportAcceptedDto } from '#switchboard/contacts';
import { QueueProducer, QueueUrls, SqsConnection } from '#switchboard/queue';
import { buildOpenApi } from '../../../apps/api/src/openapi.js';
import { fieldsOf, startContactsHarness, waitFor, type ContactsHarness } from './contacts-harness.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('contact imports over SQS', () => {
  let h: ContactsHarness;
  let supervisor: string;

  beforeAll(async () => {
    // Short visibility and few receives: the failing-chunk test sees its retries quickly.
    h = await startContactsHarness({ env: { QUEUE_VISIBILITY_TIMEOUT_SECONDS: '2', QUEUE_MAX_RECEIVE_COUNT: '3' } });
    supervisor = await h.token({ tenant: 'acme', role: 'supervisor' });
  }, 60_000);
  afterAll(() => h?.close());

  /** A 202 answers an ImportAcceptedDto; a test reading another answer's body names its type. */
  const postJson = <T = ImportAcceptedDto>(body: unknown, token = supervisor) => h.api<T>('POST', '/v1/contact-imports', token, body);
  const postCsv = <T = ImportAcceptedDto>(csv: string, token = supervisor) =>
    h.api<T>('POST', '/v1/contact-imports', token, csv, { 'content-type': 'text/csv' });
  const job = async (id: string, token = supervisor) => (await h.api<ContactImportDto>('GET', `/v1/contact-imports/${id}`, token)).body;
  const settled = (id: string, token = supervisor) =>
    waitFor(async () => {
      const j = await job(id, token);
      return j.status === 'completed' || j.status === 'failed' ? j : undefined;
    });
  const contactByPhone = async (tenant: string, phone: string) =>
    (await h.sql.query(`SELECT * FROM contacts WHERE tenant_id = $1 AND phone = $2 AND deleted_at IS NULL`, [tenant, phone])).rows[0];
  const outboxOf = async (importId: string) =>
    (await h.sql.query(`SELECT chunk_index FROM contact_import_outbox WHERE import_id = $1 ORDER BY chunk_index`, [importId])).rows;
  const queueDepth = async () => {
    const url = await h.t.app.get(QueueUrls).url('contact-imports');
    const out = await h.t.app
      .get(SqsConnection)
      .client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    return Number(out.Attributes!.ApproximateNumberOfMessages) + Number(out.Attributes!.ApproximateNumberOfMessagesNotVisible);
  };

  describe('JSON', () => {
    it('answers 202 queued, then upserts every valid row and records the others', async () => {
      const res = await postJson({
        contacts: [
          { name: 'Ada', phone: '(303) 555-0101', email: 'ada@example.com', tags: ['vip'], fields: { plan: 'gold' } },
          { name: 'Bad phone', phone: '555' },
          7,
          { name: 'Nested', phone: '(303) 555-0102', fields: { a: { b: 1 } } },
          { name: 'Sneaky', phone: '(303) 555-0103', status: 'do_not_call' },
          { name: 'Bob', phone: '+1 303 555 0104' },
        ],
      });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'queued', total: 6 });
      const done = await settled(res.body.id);
      expect(done).toMatchObject({ id: res.body.id, status: 'completed', total: 6, processed: 6, failed: 4, completedAt: expect.any(String) });
      expect(done.errors).toEqual([
        { row: 2, code: 'INVALID_PHONE', message: 'phone is not a valid phone number.' },
        { row: 3, code: 'INVALID_ROW', message: 'The row must be an object.' },
        { row: 4, code: 'IS_FLAT_FIELDS', message: expect.stringContaining('no nesting') },
        { row: 5, code: 'UNKNOWN_FIELD', message: 'status is not a known field.' },
      ]);
      expect(await contactByPhone('acme', '+13035550101')).toMatchObject({
        name: 'Ada',
        email: 'ada@example.com',
        tags: ['vip'],
        fields: { plan: 'gold' },
        status: 'new',
        version: 1,
      });
      expect(await contactByPhone('acme', '+13035550104')).toMatchObject({ name: 'Bob' });
      expect(await contactByPhone('acme', '+13035550103')).toBeUndefined();
      const listed = await h.api<Page<ContactDto>>('GET', '/v1/contacts?q=%2B1303555', supervisor);
      expect(listed.body.items.map((c: { name: string }) => c.name).sort()).toEqual(['Ada', 'Bob']);
    });

    it('keeps at most 1,000 row errors, the lowest row numbers, while counting every failure', async () => {
      const res = await postJson({ contacts: Array.from({ length: 1500 }, (_, i) => ({ name: `N${i}`, phone: `12${i}` })) });
      expect(res.status).toBe(202);
      const done = await settled(res.body.id);
      expect(done).toMatchObject({ status: 'completed', total: 1500, processed: 1500, failed: 1500 });
      expect(done.errors).toHaveLength(1000);
      expect(done.errors.map((e) => e.row)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    });

    it.each([
      ['no contacts array', {}, ['contacts:IS_ARRAY']],
      ['contacts that is not an array', { contacts: { name: 'a' } }, ['contacts:IS_ARRAY']],
      ['no rows', { contacts: [] }, ['contacts:EMPTY_IMPORT']],
      ['an unknown field', { contacts: [{ name: 'a', phone: '1' }], mode: 'replace' }, ['mode:UNKNOWN_FIELD']],
      ['a top-level array', [{ name: 'a', phone: '1' }], ['body:IS_OBJECT']],
    ])('400 for %s', async (_, body, expected) => {
      const res = await postJson<Problem>(body);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(expected);
    });

    it('400 for broken JSON', async () => {
      const res = await h.api('POST', '/v1/contact-imports', supervisor, '{"contacts": [', { 'content-type': 'application/json' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'MALFORMED_JSON' });
    });
  });

  describe('CSV', () => {
    it("imports 20,000 rows: right counts, row errors, upserts by phone, and the route's 5 MB limit", async () => {
      const phoneOf = (i: number) => `+1202${2_000_000 + i}`;
      // Rows the import must reject, and why; everything else is valid.
      const expectedErrors: { row: number; code: string }[] = [];
      const lines = ['name,phone,email,tags'];
      /** Row i of the file, and the error code it must get (none for a valid row). */
      const rowOf = (i: number): [string, string?] => {
        if (i % 1000 === 0) return [`Person ${i},12345,,`, 'INVALID_PHONE'];
        if (i % 1500 === 7) return [`,${phoneOf(i)},,`, 'IS_NOT_EMPTY'];
        if (i % 2500 === 3) return [`Person ${i},${phoneOf(i)},not-an-email,`, 'IS_EMAIL'];
        if (i === 4321) return [`Person ${i},${phoneOf(i)}`, 'INVALID_ROW'];
        if (i === 11) return [`"Person 11, the second",${phoneOf(10)},,late`]; // row 10's phone, same chunk: the later row wins
        return [`Person ${i},${phoneOf(i)},person${i}@example.com,imported;batch-${i % 4}`];
      };
      for (let i = 1; i <= 20_000; i++) {
        const [line, code] = rowOf(i);
        lines.push(line);
        if (code) expectedErrors.push({ row: i, code });
      }
      const csv = `${lines.join('\n')}\n`;
      expect(Buffer.byteLength(csv)).toBeGreaterThan(1024 * 1024); // over the default body limit, under the import route's

      // Existing contacts: a do-not-call one the import updates, a deleted one it must not revive, another tenant's.
      await h.sql.query(
        `INSERT INTO contacts (tenant_id, name, phone, email, tags, fields, status) VALUES ('acme', 'Old Name', $1, 'keep@example.com', ARRAY['legacy'], '{"plan":"gold"}', 'do_not_call')`,
        [phoneOf(2)],
      );
      await h.sql.query(`INSERT INTO contacts (tenant_id, name, phone, deleted_at) VALUES ('acme', 'Deleted', $1, now())`, [phoneOf(5)]);
      await h.sql.query(`INSERT INTO contacts (tenant_id, name, phone) VALUES ('globex', 'Theirs', $1)`, [phoneOf(4)]);

      const started = performance.now();
      const res = await postCsv(csv);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ id: expect.any(String), status: 'queued', total: 20_000 });
      const accepted = performance.now();
      const done = await settled(res.body.id);
      const finished = performance.now();
      console.info(
        `20,000-row CSV import: accepted in ${Math.round(accepted - started)} ms, completed in ${Math.round(finished - started)} ms ` +
          `(${Math.round(20_000 / ((finished - started) / 1000))} rows/s end to end)`,
      );

      expect(done).toMatchObject({ status: 'completed', total: 20_000, processed: 20_000, failed: expectedErrors.length });
      expect(done.errors.map(({ row, code }) => ({ row, code }))).toEqual(expectedErrors.sort((a, b) => a.row - b.row));

      const { rows: counts } = await h.sql.query(
        `SELECT count(*)::int AS n FROM contacts WHERE tenant_id = 'acme' AND deleted_at IS NULL AND phone LIKE '+120220%'`,
      );
      expect(counts[0].n).toBe(20_000 - expectedErrors.length - 1); // rows 10 and 11 share one contact
      expect(await contactByPhone('acme', phoneOf(10))).toMatchObject({ name: 'Person 11, the second', tags: ['late'] });
      expect(await contactByPhone('acme', phoneOf(2))).toMatchObject({
        name: 'Person 2',
        email: 'person2@example.com',
        status: 'do_not_call',
        tags: ['legacy', 'imported', 'batch-2'],
        fields: { plan: 'gold' },
        version: 2,
      });
      const phone5 = (await h.sql.query(`SELECT name, deleted_at FROM contacts WHERE tenant_id = 'acme' AND phone = $1 ORDER BY created_at`, [phoneOf(5)]))
        .rows;
      expect(phone5.map((r) => [r.name, r.deleted_at === null])).toEqual([
        ['Deleted', false],
        ['Person 5', true],
      ]);
      expect(await contactByPhone('globex', phoneOf(4))).toMatchObject({ name: 'Theirs', version: 1 });
      const { rows: chunks } = await h.sql.query(`SELECT count(*)::int AS n FROM contact_import_chunks WHERE import_id = $1`, [res.body.id]);
      expect(chunks[0].n).toBe(40);
    }, 180_000);

    it.each([
      ['an unknown column', 'name,phone,mobile\nA,2025550100,1\n', ['header.mobile:UNKNOWN_COLUMN']],
      ['many unknown columns (one error for all)', 'name,phone,mobile,fax,notes\nA,2025550100,1,2,3\n', ['header.mobile:UNKNOWN_COLUMN']],
      ['a header over the column cap', `name,phone,${Array.from({ length: 40 }, (_, i) => `c${i}`).join(',')}\nA,1\n`, ['header:TOO_MANY_COLUMNS']],
      ['a missing phone column', 'name,email\nA,a@example.com\n', ['header.phone:MISSING_COLUMN']],
      ['a duplicate column', 'name,phone,phone\nA,1,2\n', ['header.phone:DUPLICATE_COLUMN']],
      ['an unclosed quote', 'name,phone\n"Ada,2025550100\n', ['body:MALFORMED_CSV']],
      ['a header and no rows', 'name,phone\n', ['contacts:EMPTY_IMPORT']],
    ])('400 for %s', async (_, csv, expected) => {
      const res = await postCsv<Problem>(csv);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(expected);
    });
  });

  it('413 for a CSV over the row cap, under the body limit', async () => {
    const res = await postCsv<Problem>(`name,phone\n${'a,1\n'.repeat(100_001)}`);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ status: 413, code: 'CONTACT_IMPORT.TOO_MANY_ROWS' });
  });

  it('413 for a body over 5 MB, CSV or JSON', async () => {
    const row = 'Someone With A Long Name,+12025550100,someone@example.com,a;b;c\n';
    const csv = `name,phone,email,tags\n${row.repeat(Math.ceil((5 * 1024 * 1024) / row.length) + 10)}`;
    const res = await postCsv(csv);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ status: 413 });
    const json = await postJson({ contacts: Array.from({ length: 90_000 }, () => ({ name: 'Someone With A Long Name', phone: '+12025550100' })) });
    expect(json.status).toBe(413);
  });

  it('415 for a body that is neither JSON nor CSV', async () => {
    for (const type of ['text/plain', 'application/xml']) {
      const res = await h.api('POST', '/v1/contact-imports', supervisor, 'name,phone\nA,1\n', { 'content-type': type });
      expect(res.status).toBe(415);
    }
  });

  describe('outbox', () => {
    it('writes each chunk with its import and deletes it once applied', async () => {
      const rows = Array.from({ length: 1200 }, (_, i) => ({ name: `Outbox ${i}`, phone: `+1720555${String(i).padStart(4, '0')}` }));
      const res = await postJson({ contacts: rows });
      expect(res.status).toBe(202);
      await expect(settled(res.body.id)).resolves.toMatchObject({ status: 'completed', processed: 1200, failed: 0 });
      const { rows: applied } = await h.sql.query(`SELECT count(*)::int AS n FROM contact_import_chunks WHERE import_id = $1`, [res.body.id]);
      expect(applied[0].n).toBe(3);
      expect(await outboxOf(res.body.id)).toEqual([]);
    });

    it('sends what an accepted import never sent (a crash between its commit and its send), and it applies once', async () => {
      // What a crash right after the import's commit leaves: the import and its outbox rows, nothing on the queue.
      const { rows: created } = await h.sql.query(
        `INSERT INTO contact_imports (tenant_id, status, total, chunks) VALUES ('acme', 'queued', 3, 2) RETURNING id`,
      );
      const id = created[0].id as string;
      const message = (chunk: number, rows: [number, unknown][]) => ({ importId: id, tenantId: 'acme', chunk, rows });
      await h.sql.query(`INSERT INTO contact_import_outbox (import_id, chunk_index, message) VALUES ($1, 0, $2), ($1, 1, $3)`, [
        id,
        JSON.stringify(
          message(0, [
            [1, { name: 'Stranded A', phone: '+17205559001' }],
            [2, { name: 'Stranded B', phone: '+17205559002' }],
          ]),
        ),
        JSON.stringify(message(1, [[3, { name: 'Stranded C', phone: '+17205559003' }]])),
      ]);
      await expect(settled(id)).resolves.toMatchObject({ status: 'completed', total: 3, processed: 3, failed: 0 });
      expect(await contactByPhone('acme', '+17205559003')).toMatchObject({ name: 'Stranded C', version: 1 });
      expect(await outboxOf(id)).toEqual([]);
    });
  });

  it('applies a chunk once however often SQS delivers it', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ name: `Dup ${i}`, phone: `+1404555${String(1000 + i)}` }));
    const res = await postJson({ contacts: [...rows, { name: 'Bad', phone: '1' }] });
    expect(res.status).toBe(202);
    // The same message the import sent, four more times, racing the original.
    const message = { importId: res.body.id, tenantId: 'acme', chunk: 0, rows: [...rows, { name: 'Bad', phone: '1' }].map((r, i) => [i + 1, r]) };
    await h.t.app.get(QueueProducer).sendBatch('contact-imports', [message, message, message, message]);
    await settled(res.body.id);
    await waitFor(async () => (await queueDepth()) === 0);
    const done = await job(res.body.id);
    expect(done).toMatchObject({ status: 'completed', total: 31, processed: 31, failed: 1 });
    expect(done.errors).toEqual([{ row: 31, code: 'INVALID_PHONE', message: 'phone is not a valid phone number.' }]);
    const { rows: versions } = await h.sql.query(`SELECT DISTINCT version FROM contacts WHERE tenant_id = 'acme' AND name LIKE 'Dup %'`);
    expect(versions).toEqual([{ version: 1 }]);
  });

  it('marks the import failed when a chunk keeps failing, and the chunk goes to the DLQ', async () => {
    // A database fault no retry fixes: inserting this name raises.
    await h.sql.query(`
      CREATE FUNCTION explode() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk on fire'; END $$;
      CREATE TRIGGER explode BEFORE INSERT ON contacts FOR EACH ROW WHEN (NEW.name = 'Explode') EXECUTE FUNCTION explode();`);
    try {
      const res = await postJson({
        contacts: [
          { name: 'Fine', phone: '+15035550100' },
          { name: 'Explode', phone: '+15035550101' },
        ],
      });
      expect(res.status).toBe(202);
      const done = await settled(res.body.id);
      expect(done).toMatchObject({ status: 'failed', processed: 0 });
      expect(await contactByPhone('acme', '+15035550100')).toBeUndefined(); // the chunk's transaction rolled back
      const dlq = await h.t.app.get(QueueUrls).dlqUrl('contact-imports');
      const dead = await waitFor(async () => {
        const out = await h.t.app
          .get(SqsConnection)
          .client.send(new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 0 }));
        return out.Messages?.find((m) => JSON.parse(m.Body!).importId === res.body.id);
      });
      expect(JSON.parse(dead.Body!)).toMatchObject({ importId: res.body.id, chunk: 0 });
      expect(await outboxOf(res.body.id)).toEqual([]); // dead-lettered: never sent again
    } finally {
      await h.sql.query(`DROP TRIGGER explode ON contacts; DROP FUNCTION explode();`);
    }
  }, 60_000);

  it('dead-letters a message that is not an import chunk, with the reason', async () => {
    await h.t.app.get(QueueProducer).send('contact-imports', { hello: 'world' });
    const dlq = await h.t.app.get(QueueUrls).dlqUrl('contact-imports');
    const dead = await waitFor(async () => {
      const out = await h.t.app
        .get(SqsConnection)
        .client.send(
          new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 0, MessageAttributeNames: ['All'] }),
        );
      return out.Messages?.find((m) => m.Body === JSON.stringify({ hello: 'world' }));
    });
    expect(dead.MessageAttributes?.['dead-letter-reason']?.StringValue).toMatch(/Not a contact-import chunk/);
  });

  describe('GET /v1/contact-imports/:id and access', () => {
    it("404 for another tenant's import and an unknown one, 400 for a malformed id", async () => {
      const res = await postJson({ contacts: [{ name: 'Mine', phone: '+16175550100' }] });
      const other = await h.token({ tenant: 'globex', role: 'admin' });
      const foreign = await h.api('GET', `/v1/contact-imports/${res.body.id}`, other);
      expect(foreign.status).toBe(404);
      expect(foreign.body).toMatchObject({ code: 'CONTACT_IMPORT.NOT_FOUND' });
      expect((await h.api('GET', `/v1/contact-imports/${UNKNOWN_ID}`, supervisor)).status).toBe(404);
      const malformed = await h.api<Problem>('GET', '/v1/contact-imports/42', supervisor);
      expect(malformed.status).toBe(400);
      expect(fieldsOf(malformed.body)).toEqual(['id:INVALID_UUID']);
      // The import lands in its own tenant only.
      await settled(res.body.id);
      expect(await contactByPhone('globex', '+16175550100')).toBeUndefined();
      expect(await contactByPhone('acme', '+16175550100')).toMatchObject({ name: 'Mine' });
    });

    it('401 without a token, 403 without the permission', async () => {
      expect((await h.api('POST', '/v1/contact-imports', undefined, { contacts: [{ name: 'a', phone: '1' }] })).status).toBe(401);
      const reader = await h.token({ tenant: 'acme', permissions: ['contacts:read'] });
      expect((await postJson({ contacts: [{ name: 'a', phone: '1' }] }, reader)).status).toBe(403);
      const nobody = await h.token({ tenant: 'acme', permissions: ['calls:read'] });
      expect((await h.api('GET', `/v1/contact-imports/${UNKNOWN_ID}`, nobody)).status).toBe(403);
    });
  });

  it('documents both routes with request and response schemas', () => {
    const doc = buildOpenApi(h.t.app);
    const post = doc.paths['/v1/contact-imports']!.post!;
    expect(Object.keys((post.requestBody as { content: object }).content)).toEqual(['application/json', 'text/csv']);
    expect(post.responses['202']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ImportAcceptedDto' } } } });
    expect(doc.paths['/v1/contact-imports/{id}']!.get!.responses['200']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ContactImportDto' } } },
    });
    expect(doc.components!.schemas!.ImportContactsDto).toBeDefined();
  });
});
