import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { SCENARIOS } from './scenarios/index.js';
import { expectStatus } from './scenarios/scenario.js';
import { startLambdaTopology, type LambdaTopology } from './support/lambda-topology.js';
import { newPhone, newTenant, type Page, type Resource } from './support/topology.js';

let topology: LambdaTopology;
beforeAll(async () => {
  topology = await startLambdaTopology();
});
afterAll(() => topology?.close());

describe('contract scenarios: bundled functions behind API Gateway (HTTP API v2 events)', () => {
  it.each(SCENARIOS.map((s) => [`${s.feature}: ${s.name}`, s] as const))('%s', async (_name, scenario) => {
    await scenario.run(topology);
  });
});

describe('REST API (payload 1.0) events', () => {
  it('serve the same routes: {proxy+} path parameters, mixed-case headers, multi-value query strings', async () => {
    const token = await topology.token({ tenant: newTenant('rest'), role: 'agent' });
    const phone = newPhone();
    const created = await topology.requestV1<Resource>('POST', '/v1/contacts', {
      body: JSON.stringify({ name: 'Rest Ful', phone }),
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    });
    expectStatus(created, 201);
    expect(created.headers.get('location')).toBe(`/v1/contacts/${created.body.id}`);
    expect(created.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/); // API Gateway's request id, carried through

    const read = await topology.requestV1('GET', `/v1/contacts/${created.body.id}`, { token });
    expectStatus(read, 200);
    expect(read.body).toMatchObject({ id: created.body.id, phone });
    await topology.requestV1('POST', '/v1/contacts', { token, body: { name: 'Second', phone: newPhone() } });
    const page = await topology.requestV1<Page>('GET', '/v1/contacts?limit=1', { token });
    expect(page.body.items).toHaveLength(1);
    expect(page.body.nextCursor).toEqual(expect.any(String));
  });
});

describe('start-up under the production profile', () => {
  it('a missing setting answers 503 problem details, logs which setting, and the next invocation tries again', async () => {
    // An SSM prefix with nothing under it: every setting the function needs is missing.
    const fn = await topology.spawn('agents', {
      env: { CONFIG_SSM_PREFIX: '/switchboard/nowhere/', DATABASE_SECRET_ARN: '', TELEPHONY_WEBHOOK_SECRET_ARN: '' },
    });
    const token = await topology.token({ tenant: newTenant('startup'), role: 'agent' });
    const event = topology.httpEvent('GET', '/v1/me', { token })!.event;
    for (let attempt = 0; attempt < 2; attempt++) {
      const { result } = await fn.invoke<{ statusCode: number; headers: Record<string, string>; body: string }>(event);
      expect(result.statusCode).toBe(503);
      expect(result.headers).toMatchObject({ 'content-type': 'application/problem+json', 'retry-after': '5' });
      expect(JSON.parse(result.body)).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    }
    const missing = /Missing setting [A-Z_]+: required when NODE_ENV=production/g;
    while ((fn.output().match(missing) ?? []).length < 2) await new Promise((resolve) => setTimeout(resolve, 20)); // the log reaches the pipe after the answer
    expect(fn.output()).toContain('agents could not start');
  });
});

describe('SQS workers', () => {
  const event = (tenant: string) => ({
    eventId: randomUUID(),
    type: 'call.started',
    tenantId: tenant,
    callId: `CA-${randomUUID()}`,
    occurredAt: new Date().toISOString(),
    contactPhone: newPhone(),
  });
  const callExists = async (tenant: string, callId: string) =>
    (await topology.sql.query('SELECT 1 FROM calls WHERE tenant_id = $1 AND provider_call_id = $2', [tenant, callId])).rowCount === 1;

  it('a batch with one failing message reports exactly that message in batchItemFailures; its redelivery succeeds', async () => {
    const tenant = newTenant('batch');
    const [a, b, c] = [event(tenant), event(tenant), event(tenant)];
    // B's event id is held by an open transaction: the worker's insert waits on it
    // until the server's statement timeout cancels it — a failure a retry can fix.
    const blocker = new pg.Client({ connectionString: topology.db.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query("INSERT INTO call_events (tenant_id, event_id, provider_call_id, type, occurred_at) VALUES ($1, $2, $3, 'call.started', now())", [
      tenant,
      b.eventId,
      b.callId,
    ]);

    const worker = await topology.fn('call-events-worker');
    const records = [a, b, c].map((e, i) => ({ messageId: `msg-${i}-${e.eventId}`, body: JSON.stringify(e) }));
    const first = await worker.invoke<{ batchItemFailures: { itemIdentifier: string }[] }>(topology.sqsEvent('call-events', records));
    await blocker.query('ROLLBACK');
    await blocker.end();

    expect(first.result).toEqual({ batchItemFailures: [{ itemIdentifier: records[1]!.messageId }] });
    await expect(callExists(tenant, a.callId)).resolves.toBe(true);
    await expect(callExists(tenant, b.callId)).resolves.toBe(false);
    await expect(callExists(tenant, c.callId)).resolves.toBe(true);

    const again = await worker.invoke(topology.sqsEvent('call-events', [{ ...records[1]!, receiveCount: 2 }]));
    expect(again.result).toEqual({ batchItemFailures: [] });
    await expect(callExists(tenant, b.callId)).resolves.toBe(true);
  });

  it('a poison message is acknowledged and copied to the DLQ with its reason, never retried', async () => {
    const tenant = newTenant('poison');
    const good = event(tenant);
    const poisonId = `poison-${randomUUID()}`;
    const worker = await topology.fn('call-events-worker');
    const out = await worker.invoke(
      topology.sqsEvent('call-events', [
        { messageId: poisonId, body: JSON.stringify({ eventId: 'not-a-uuid', type: 'call.exploded' }) },
        { messageId: `good-${good.eventId}`, body: JSON.stringify(good) },
      ]),
    );
    expect(out.result).toEqual({ batchItemFailures: [] });
    await expect(callExists(tenant, good.callId)).resolves.toBe(true);

    const dead = await topology.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: topology.queueUrl('call-events', true),
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 1,
      }),
    );
    const copy = dead.Messages?.find((m) => m.MessageAttributes?.['source-message-id']?.StringValue === poisonId);
    expect(copy?.MessageAttributes?.['dead-letter-reason']?.StringValue).toMatch(/invalid call event/);
  });
});

describe('Powertools wiring', () => {
  const jsonLines = (output: string) =>
    output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('logs JSON with the Lambda context and cold-start flag, and emits EMF metrics', async () => {
    const agents = await topology.fn('agents');
    const lines = jsonLines(agents.output());
    const settings = lines.find((l) => l.message === 'Settings loaded');
    expect(settings).toMatchObject({
      level: 'INFO',
      cold_start: true,
      function_name: 'agents',
      service: 'agents',
      fromSecrets: ['DATABASE_URL', 'TELEPHONY_WEBHOOK_SECRET'],
    });
    expect(settings?.function_request_id).toEqual(expect.any(String));
    // Nest's log contexts and messages name classes, ours and its own: the minified bundle keeps class names.
    expect(lines).toContainEqual(expect.objectContaining({ context: 'RoutesResolver', message: 'AgentsController {/v1/agents}:' }));
    const metrics = lines.filter((l) => l._aws !== undefined);
    expect(metrics.some((m) => m.ColdStart === 1)).toBe(true);
    expect(metrics.some((m) => m.HttpRequests === 1 && typeof m.HttpLatency === 'number')).toBe(true);
  });

  it('writes the request log through Powertools: a line per request with its request id and caller', async () => {
    const agents = await topology.fn('agents');
    const tenant = newTenant('log');
    const token = await topology.token({ tenant, role: 'agent' });
    const { result } = await agents.invoke<{ statusCode: number; headers: Record<string, string> }>(topology.httpEvent('GET', '/v1/me', { token })!.event);
    expect(result.statusCode).toBe(200);
    const reqId = result.headers['x-request-id'];
    const logged = () => jsonLines(agents.output()).find((l) => l.message === 'request completed' && l.reqId === reqId);
    for (let i = 0; i < 50 && !logged(); i++) await new Promise((resolve) => setTimeout(resolve, 20)); // the log reaches the pipe after the answer
    expect(logged()).toMatchObject({ level: 'INFO', function_name: 'agents', tenant, req: { method: 'GET', url: '/v1/me' }, res: { statusCode: 200 } });
    expect(logged()?.responseTime).toEqual(expect.any(Number));
    // Every JSON line is Powertools' (pino would write a numeric level).
    expect(jsonLines(agents.output()).filter((l) => typeof l.level !== 'string' && l._aws === undefined)).toEqual([]);
  });
});
