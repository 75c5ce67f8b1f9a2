import { createSocket, type Socket } from 'node:dgram';
import { randomUUID } from 'node:crypto';
import { signTelephonyPayload } from '#switchboard/calls';
import { expectStatus } from './scenarios/scenario.js';
import { startLambdaTopology, type LambdaTopology } from './support/lambda-topology.js';
import { newPhone, newTenant } from './support/topology.js';

interface Subsegment {
  name: string;
  annotations?: Record<string, unknown>;
  sql?: { database_type?: string; sanitized_query?: string };
}

/**
 * X-Ray as in a function with active tracing: the runtime's environment
 * (AWS_EXECUTION_ENV, LAMBDA_TASK_ROOT, a trace header per invocation) and a
 * daemon address where a UDP listener collects what the SDK emits.
 */
describe('tracing (X-Ray through the Powertools tracer)', () => {
  let topology: LambdaTopology;
  let daemon: Socket;
  const received: Subsegment[] = [];

  beforeAll(async () => {
    daemon = createSocket('udp4');
    daemon.on('message', (packet) => {
      const [, body] = packet.toString('utf8').split('\n');
      if (body) received.push(JSON.parse(body) as Subsegment);
    });
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
    topology = await startLambdaTopology({
      env: {
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
        LAMBDA_TASK_ROOT: '/var/task',
        AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
        AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
      },
    });
  });
  afterAll(async () => {
    await topology?.close();
    daemon?.close();
  });

  const named = (name: string) => received.filter((s) => s.name === name);
  const eventually = async (check: () => boolean) => {
    while (!check()) await new Promise((resolve) => setTimeout(resolve, 25));
  };

  it('records the invocation, each Postgres query and Redis command, and SQS calls as subsegments', async () => {
    const tenant = newTenant('trace');
    const token = await topology.token({ tenant, role: 'supervisor' });
    expectStatus(await topology.request('GET', '/v1/reports/agents', { token }), 200);
    const body = JSON.stringify({
      eventId: randomUUID(),
      type: 'call.started',
      tenantId: tenant,
      callId: `CA-${randomUUID()}`,
      occurredAt: new Date().toISOString(),
      contactPhone: newPhone(),
    });
    // Functions run with NODE_ENV=production: only a key of the tenant signs its events.
    const admin = await topology.token({ tenant, role: 'admin' });
    const key = await topology.request<{ id: string; secret: string }>('POST', '/v1/telephony/signing-keys', { token: admin });
    expectStatus(key, 201);
    const signature = signTelephonyPayload(key.body.secret, body, Date.now() / 1000, key.body.id);
    const headers = { 'content-type': 'application/json', 'x-switchboard-signature': signature };
    expectStatus(await topology.request('POST', '/v1/telephony/events', { body, headers }), 202);

    await eventually(() => named('## reports').length > 0 && named('## telephony').length > 0 && named('SQS').length > 0);
    expect(named('## reports')[0]!.annotations).toMatchObject({ ColdStart: true, Service: 'reports' });
    expect(named('postgres').some((s) => s.sql?.database_type === 'PostgreSQL' && /select/i.test(s.sql.sanitized_query ?? ''))).toBe(true);
    expect(named('redis').some((s) => typeof s.annotations?.redis_command === 'string')).toBe(true);
  });
});
