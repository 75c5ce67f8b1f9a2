import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { ImportAcceptedDto } from '#switchboard/contacts';
import { QueueUrls, SqsConnection } from '#switchboard/queue';
import { startContactsHarness, type ContactsHarness } from './contacts-harness.js';

/**
 * The contacts function as it runs in Lambda: nothing polls the queues in
 * process, so no outbox poller runs either; each import's request sends its own
 * messages and some that a sender which died after its commit left behind.
 */
describe('contact import outbox where no poller runs (Lambda)', () => {
  let h: ContactsHarness;
  let supervisor: string;

  beforeAll(async () => {
    h = await startContactsHarness({ env: { QUEUE_CONSUMERS_ENABLED: 'false' } });
    supervisor = await h.token({ tenant: 'acme', role: 'supervisor' });
  }, 60_000);
  afterAll(() => h?.close());

  const queued = async () => {
    const url = await h.t.app.get(QueueUrls).url('contact-imports');
    const out = await h.t.app.get(SqsConnection).client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }));
    return Number(out.Attributes!.ApproximateNumberOfMessages);
  };
  /** An import committed with one outbox row and never sent, as a crash after the commit leaves it, written `ageMinutes` ago. */
  const stranded = async (ageMinutes: number) => {
    const { rows } = await h.sql.query(`INSERT INTO contact_imports (tenant_id, status, total, chunks) VALUES ('acme', 'queued', 1, 1) RETURNING id`);
    const id = rows[0].id as string;
    const message = { importId: id, tenantId: 'acme', chunk: 0, rows: [[1, { name: 'Stranded', phone: '+17205558001' }]] };
    await h.sql.query(`INSERT INTO contact_import_outbox (import_id, chunk_index, message, created_at) VALUES ($1, 0, $2, now() - make_interval(mins => $3))`, [
      id,
      JSON.stringify(message),
      ageMinutes,
    ]);
    return id;
  };
  const sentAt = async (importId: string) =>
    (await h.sql.query(`SELECT sent_at FROM contact_import_outbox WHERE import_id = $1`, [importId])).rows.map((r) => r.sent_at !== null);

  it("sends an import's own messages, then those stranded for over a minute, and leaves a younger sender's alone", async () => {
    const old = await stranded(10);
    const young = await stranded(0);
    expect(await queued()).toBe(0);

    const res = await h.api<ImportAcceptedDto>('POST', '/v1/contact-imports', supervisor, { contacts: [{ name: 'Fresh', phone: '+17205558002' }] });
    expect(res.status).toBe(202);

    expect(await sentAt(res.body.id)).toEqual([true]);
    expect(await sentAt(old)).toEqual([true]);
    expect(await sentAt(young)).toEqual([false]);
    expect(await queued()).toBe(2);
  });
});
