import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { scheduledEvent } from './support/api-gateway-events.js';
import { eventually, expectStatus } from './scenarios/scenario.js';
import { startLambdaTopology, type LambdaTopology } from './support/lambda-topology.js';
import { newPhone, newTenant, type Resource } from './support/topology.js';

/**
 * A contacts function that died between its import's commit and its SQS send
 * leaves the import `queued` with unsent outbox rows. In AWS nothing polls; the
 * scheduled `contact-import-outbox-relay` function, invoked by EventBridge every
 * minute, sends them, and the import completes through the worker.
 */
describe('the scheduled contact import outbox relay (bundled function)', () => {
  let topology: LambdaTopology;
  beforeAll(async () => {
    topology = await startLambdaTopology();
  });
  afterAll(() => topology?.close());

  const queued = async () => {
    const out = await topology.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: topology.queueUrl('contact-imports'), AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    return Number(out.Attributes!.ApproximateNumberOfMessages);
  };
  /** An import committed with its outbox row and never sent, as a function that died after its commit leaves it, written `ageMinutes` ago. */
  const stranded = async (tenant: string, phone: string, ageMinutes: number) => {
    const { rows } = await topology.sql.query(`INSERT INTO contact_imports (tenant_id, status, total, chunks) VALUES ($1, 'queued', 1, 1) RETURNING id`, [
      tenant,
    ]);
    const id = rows[0].id as string;
    const message = { importId: id, tenantId: tenant, chunk: 0, rows: [[1, { name: `Stranded ${ageMinutes}`, phone }]] };
    await topology.sql.query(
      `INSERT INTO contact_import_outbox (import_id, chunk_index, message, created_at) VALUES ($1, 0, $2, now() - make_interval(mins => $3))`,
      [id, JSON.stringify(message), ageMinutes],
    );
    return id;
  };

  it('sends every unsent chunk once per run, and the stranded imports complete through the worker', async () => {
    const tenant = newTenant('relay');
    const token = await topology.token({ tenant, role: 'agent' });
    const phones = [newPhone(), newPhone()];
    const ids = [await stranded(tenant, phones[0]!, 10), await stranded(tenant, phones[1]!, 0)];

    // Nothing sends them on its own: the queue is empty and the imports stay queued.
    await topology.deliverQueued();
    expect(await queued()).toBe(0);
    for (const id of ids) expect((await topology.request<Resource>('GET', `/v1/contact-imports/${id}`, { token })).body).toMatchObject({ status: 'queued' });

    const relay = await topology.fn('contact-import-outbox-relay');
    const first = await relay.invoke<{ sent: number }>(scheduledEvent('contact-import-outbox-relay'));
    expect(first.result).toEqual({ sent: 2 });
    expect(await queued()).toBe(2);
    const unsent = await topology.sql.query(`SELECT count(*)::int AS n FROM contact_import_outbox WHERE import_id = ANY($1) AND sent_at IS NULL`, [ids]);
    expect(unsent.rows[0].n).toBe(0);

    // A second tick finds nothing left to send.
    expect((await relay.invoke<{ sent: number }>(scheduledEvent('contact-import-outbox-relay'))).result).toEqual({ sent: 0 });
    expect(await queued()).toBe(2);

    for (const id of ids) {
      const done = await eventually(topology, async () => {
        const job = await topology.request<Resource>('GET', `/v1/contact-imports/${id}`, { token });
        expectStatus(job, 200);
        return job.body.status === 'completed' ? job.body : undefined;
      });
      expect(done).toMatchObject({ total: 1, processed: 1, failed: 0 });
    }
    const contacts = await topology.sql.query(`SELECT phone FROM contacts WHERE tenant_id = $1 ORDER BY phone`, [tenant]);
    expect(contacts.rows.map((r) => r.phone)).toEqual([...phones].sort());
    const left = await topology.sql.query(`SELECT count(*)::int AS n FROM contact_import_outbox WHERE import_id = ANY($1)`, [ids]);
    expect(left.rows[0].n).toBe(0);
    for (let i = 0; i < 50 && !relay.output().includes('contact-import-outbox-relay ran'); i++) await new Promise((resolve) => setTimeout(resolve, 20)); // the log reaches the pipe after the answer
    expect(relay.output()).toContain('contact-import-outbox-relay ran');
  });
});
