import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { QUEUE_NAMES } from '#switchboard/registry';
import { buildApp } from 'fauxqs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDist, spawnServer, type ServerProcess } from '../../support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { compose, dashboardMetrics } from './compose-files.js';

const LOCAL_REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The container's configuration without a Docker engine: the built `dist` is
 * started with the api service's environment from docker-compose.yml, its
 * service hosts swapped for local stand-ins (a fresh database on the local
 * Postgres, the local Redis, fauxqs in place of ElasticMQ).
 */
describe('the built server with the compose environment', () => {
  const emulator = buildApp({ logger: false });
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-compose-'));
  let db: TestDatabase;
  let sqs: SQSClient;
  let server: ServerProcess;
  let url: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    buildDist();
    db = await createTestDatabase();
    const sqsEndpoint = await emulator.listen({ host: '127.0.0.1', port: 0 });
    sqs = new SQSClient({ endpoint: sqsEndpoint, region: 'us-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const composeEnv = compose().services.api!.environment!;
    env = {
      ...composeEnv,
      DATABASE_URL: db.url,
      REDIS_URL: composeEnv.REDIS_URL!.replace('redis://redis:6379', LOCAL_REDIS),
      SQS_ENDPOINT: composeEnv.SQS_ENDPOINT!.replace('http://sqs:9324', sqsEndpoint),
      // Our own key space on the shared Redis, an ephemeral port, a scratch data folder.
      CACHE_KEY_PREFIX: `sbtest-compose-${process.pid}`,
      PORT: '0',
      DATA_DIR: dataDir,
    };
    server = spawnServer(env);
    url = await server.url;
  });

  afterAll(async () => {
    if (server && server.proc.exitCode === null) {
      server.proc.kill('SIGKILL');
      await server.exited;
    }
    sqs?.destroy();
    await emulator.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('uses the real services, and the dev issuer as identity', () => {
    expect(env.NODE_ENV).toBe('development');
    const output = server.output();
    for (const key of ['DATABASE_URL', 'REDIS_URL', 'SQS_ENDPOINT']) expect(output).not.toContain(`${key} unset`);
    expect(output).toContain('AUTH_ISSUER_URL unset');
  });

  it('is ready: database and queues up', async () => {
    const res = await fetch(`${url}/health/ready`);
    const body = (await res.json()) as { status: string; details: Record<string, { status: string }> };
    expect({ status: res.status, body: body.status }).toEqual({ status: 200, body: 'ok' });
    expect(body.details.database!.status).toBe('up');
    expect(body.details.queue!.status).toBe('up');
  });

  it('created every queue with its DLQ and redrive policy (QUEUES_CREATE=true)', async () => {
    for (const queue of QUEUE_NAMES) {
      const name = `${env.QUEUE_NAME_PREFIX}${queue}`;
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['RedrivePolicy'] }));
      const policy = JSON.parse(Attributes!.RedrivePolicy!) as { deadLetterTargetArn: string; maxReceiveCount: number | string };
      expect(policy.deadLetterTargetArn).toMatch(new RegExp(`:${name}-dlq$`));
      expect(Number(policy.maxReceiveCount)).toBe(5);
    }
  });

  it('serves the dev issuer JWKS', async () => {
    const res = await fetch(`${url}/dev/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
  });

  it('exposes every metric the Grafana dashboard reads, with the cache up', async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    const exposed = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    expect(dashboardMetrics().filter((name) => !exposed.has(name))).toEqual([]);
    expect(text).toMatch(/^cache_up 1$/m);
  });

  it('stops cleanly on SIGTERM', async () => {
    server.proc.kill('SIGTERM');
    await expect(server.exited).resolves.toEqual({ code: 0, signal: null });
  });
});
