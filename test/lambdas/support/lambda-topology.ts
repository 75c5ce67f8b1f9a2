import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { SETTINGS } from '#switchboard/config';
import { MODULE_REGISTRY, QUEUE_NAMES, type QueueName } from '#switchboard/registry';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { lambdaFunctions, type LambdaFunction } from '../../../apps/lambdas/src/lambda-functions.js';
import { startTestIssuer, type TestIssuer } from '../../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { httpApiEvent, restApiEvent, routeOf, toResponse, type HttpResult } from './api-gateway-events.js';
import { startFakeAwsParameters, type FakeAwsParameters } from './fake-aws-parameters.js';
import { startLambda, type LambdaProcess } from './lambda-process.js';
import { decode, encode, type ApiResponse, type RequestOptions, type Topology } from './topology.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const BUNDLES = join(ROOT, 'dist/lambdas');
const REGION = 'us-west-2';
const WEBHOOK_SECRET = `whsec-${randomBytes(8).toString('hex')}`;
/** What CloudFront adds as X-Origin-Verify (the stage's origin secret); every event the topology builds carries it. */
const ORIGIN_SECRET = `origin-${randomBytes(12).toString('hex')}`;
/** Server-side, as RDS Proxy's init query sets it: the functions send no session parameters. */
const STATEMENT_TIMEOUT = '1500ms';

/** Settings the functions must not get from SSM: the Lambda defaults of libs/lambda apply. */
const LEFT_TO_LAMBDA_DEFAULTS = new Set(['NODE_ENV', 'AWS_REGION', 'DATABASE_POOL_SIZE', 'DATABASE_PROXY', 'QUEUE_CONSUMERS_ENABLED']);

export interface SqsRecordInput {
  messageId: string;
  body: string;
  receiptHandle?: string;
  receiveCount?: number;
  attributes?: Record<string, string>;
}

export interface LambdaTopology extends Topology {
  db: TestDatabase;
  sql: pg.Client;
  issuer: TestIssuer;
  aws: FakeAwsParameters;
  /** The app's own database login (every function but migrate connects as it). */
  appLogin: string;
  /** The origin secret's ARN and the value CloudFront sends (X-Origin-Verify). */
  origin: { secretArn: string; header: string };
  sqs: SQSClient;
  queueUrl(queue: QueueName, dlq?: boolean): string;
  /** The running function (started at its first use, like a cold start). */
  fn(name: string): Promise<LambdaProcess>;
  /** A new execution environment of `name`, not shared with `fn` (benchmarks: one per cold start). */
  spawn(name: string, options?: { sourceMaps?: boolean; execArgv?: string[]; env?: Record<string, string> }): Promise<LambdaProcess>;
  /** The API Gateway event a request becomes, and the function the registry routes it to. */
  httpEvent(method: string, path: string, options?: RequestOptions, format?: 'v1' | 'v2'): { functionName: string; event: Record<string, unknown> } | undefined;
  /** Invokes an HTTP function with a REST API (v1) event instead of an HTTP API (v2) one. */
  requestV1<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** Builds a Lambda SQS event, as the event source mapping does. */
  sqsEvent(queue: QueueName, records: SqsRecordInput[]): Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * The decoupled topology from the built artifacts: every bundle of dist/lambdas
 * copied to a task root outside the repository (where only the AWS SDK is
 * resolvable, as in the Lambda runtime), each run in its own process with
 * NODE_ENV=production and settings from SSM and Secrets Manager. All functions
 * share one database, one Redis prefix and one set of queues; HTTP requests
 * reach them as API Gateway events routed by the module registry.
 */
export interface LambdaTopologyOptions {
  /** Adjusts the SSM parameters (the functions' settings) before any function starts. */
  parameters?: (defaults: Record<string, string>) => Record<string, string>;
  /** Extra environment of every function (what the Lambda runtime would set, e.g. for X-Ray). */
  env?: Record<string, string>;
}

export async function startLambdaTopology(options: LambdaTopologyOptions = {}): Promise<LambdaTopology> {
  const manifest = await readManifest();
  const taskRoot = await mkdtemp(join(tmpdir(), 'switchboard-lambdas-'));
  await mkdir(join(taskRoot, 'node_modules'), { recursive: true });
  await symlink(join(ROOT, 'node_modules/@aws-sdk'), join(taskRoot, 'node_modules/@aws-sdk'));
  for (const fn of manifest) await cp(join(BUNDLES, fn.name), join(taskRoot, fn.name), { recursive: true });

  const [issuer, aws, db, queues] = await Promise.all([startTestIssuer(), startFakeAwsParameters(), createTestDatabase(), startQueues()]);
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  await sql.query(`ALTER DATABASE ${db.name} SET statement_timeout = '${STATEMENT_TIMEOUT}'`);

  const prefix = `/switchboard/contract-${randomBytes(3).toString('hex')}/`;
  // Roles are the server's, not the database's: one login per topology, dropped at close.
  const appLogin = `switchboard_app_${randomBytes(4).toString('hex')}`;
  const appSecretArn = aws.putSecret('switchboard/db-app', JSON.stringify({ username: appLogin, password: 'unused-with-trust-auth' }));
  const masterSecretArn = aws.putSecret(
    'switchboard/db',
    JSON.stringify({ username: new URL(db.url).username || 'postgres', password: 'unused-with-trust-auth' }),
  );
  /** The migrate function alone holds the master secret, and sets the app's login up. */
  const envOf = (name: string): Record<string, string> =>
    name === 'migrate' ? { ...env, DATABASE_SECRET_ARN: masterSecretArn, DATABASE_APP_SECRET_ARN: appSecretArn } : env;
  const dbUrl = new URL(db.url);
  const parameters: Record<string, string> = {
    ...Object.fromEntries(
      Object.entries(SETTINGS).flatMap(([key, spec]) => ('fallback' in spec && !LEFT_TO_LAMBDA_DEFAULTS.has(key) ? [[key, spec.fallback as string]] : [])),
    ),
    DATABASE_URL: `postgres://${dbUrl.host}${dbUrl.pathname}`,
    REDIS_URL: 'redis://127.0.0.1:6379',
    CACHE_KEY_PREFIX: `lambdas-${randomBytes(4).toString('hex')}:`,
    SQS_ENDPOINT: queues.endpoint,
    QUEUE_NAME_PREFIX: queues.prefix,
    QUEUES_CREATE: 'false',
    LOG_LEVEL: 'info',
    ...issuer.env,
  };
  for (const [key, value] of Object.entries(options.parameters?.(parameters) ?? parameters)) aws.putParameter(`${prefix}${key}`, value);
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'contract-suite',
    AWS_SECRET_ACCESS_KEY: 'contract-suite',
    ...aws.env,
    CONFIG_SSM_PREFIX: prefix,
    // Every function connects as the app's own login, which the migrate function creates (issue 23).
    DATABASE_SECRET_ARN: appSecretArn,
    TELEPHONY_WEBHOOK_SECRET_ARN: aws.putSecret('switchboard/telephony', WEBHOOK_SECRET),
    EDGE_ORIGIN_SECRET_ARN: aws.putSecret('switchboard/origin', JSON.stringify({ header: ORIGIN_SECRET })),
    QUEUE_URL_CALL_EVENTS: queues.urls['call-events'],
    QUEUE_URL_CONTACT_IMPORTS: queues.urls['contact-imports'],
    ...options.env,
  };

  const running = new Map<string, Promise<LambdaProcess>>();
  const spawned: LambdaProcess[] = [];
  const bundle = (name: string) => {
    if (!manifest.some((f) => f.name === name)) throw new Error(`No bundle for ${name} in dist/lambdas: run npm run build:lambdas`);
    return join(taskRoot, name, 'index.js');
  };
  const fn = (name: string): Promise<LambdaProcess> => {
    let started = running.get(name);
    if (!started) {
      started = startLambda(name, bundle(name), { env: envOf(name), sourceMaps: true });
      running.set(name, started);
    }
    return started;
  };
  const spawn = async (name: string, options: { sourceMaps?: boolean; execArgv?: string[]; env?: Record<string, string> } = {}) => {
    const p = await startLambda(name, bundle(name), {
      env: { ...envOf(name), ...options.env },
      sourceMaps: options.sourceMaps ?? false,
      execArgv: options.execArgv,
    });
    spawned.push(p);
    return p;
  };

  const migrate = await fn('migrate');
  await migrate.invoke({});

  const httpEvent = (method: string, path: string, options: RequestOptions = {}, format: 'v1' | 'v2' = 'v2') => {
    const url = new URL(path, 'https://api.example.com');
    const route = routeOf(MODULE_REGISTRY, url.pathname);
    if (!route) return undefined;
    const { headers, body } = encode(options);
    const req = { method, url: `${url.pathname}${url.search}`, headers: { 'x-origin-verify': ORIGIN_SECRET, ...headers }, body };
    return { functionName: route.entry.name, event: format === 'v2' ? httpApiEvent(req, route.prefix) : restApiEvent(req, route.prefix) };
  };

  const viaEvent = async <T>(method: string, path: string, options: RequestOptions, format: 'v1' | 'v2'): Promise<ApiResponse<T>> => {
    const routed = httpEvent(method, path, options, format);
    if (!routed) return decode<T>(404, new Headers({ 'content-type': 'application/json' }), '{"message":"Not Found"}'); // API Gateway's own answer
    const { result } = await (await fn(routed.functionName)).invoke<HttpResult>(routed.event);
    const res = toResponse(result);
    return decode<T>(res.status, res.headers, res.text);
  };

  const sqsEvent = (queue: QueueName, records: SqsRecordInput[]) => ({
    Records: records.map((r) => ({
      messageId: r.messageId,
      receiptHandle: r.receiptHandle ?? `handle-${r.messageId}`,
      body: r.body,
      attributes: { ApproximateReceiveCount: String(r.receiveCount ?? 1), SentTimestamp: String(Date.now()), ...r.attributes },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${REGION}:000000000000:${queues.prefix}${queue}`,
      awsRegion: REGION,
    })),
  });

  /** One poll of a queue → one worker invocation; acknowledged records are deleted, like the event source mapping. */
  const deliverOnce = async (queue: QueueName): Promise<number> => {
    const out = await queues.client.send(
      new ReceiveMessageCommand({
        QueueUrl: queues.urls[queue],
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) return 0;
    const event = sqsEvent(
      queue,
      messages.map((m) => ({
        messageId: m.MessageId!,
        body: m.Body!,
        receiptHandle: m.ReceiptHandle!,
        receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1),
      })),
    );
    const { result } = await (await fn(`${queue}-worker`)).invoke<{ batchItemFailures: { itemIdentifier: string }[] }>(event);
    const failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
    const done = messages.filter((m) => !failed.has(m.MessageId!));
    if (done.length > 0) {
      await queues.client.send(
        new DeleteMessageBatchCommand({ QueueUrl: queues.urls[queue], Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }),
      );
    }
    return messages.length;
  };

  return {
    name: 'decoupled (bundled functions)',
    webhookSecret: WEBHOOK_SECRET,
    db,
    sql,
    issuer,
    aws,
    appLogin,
    origin: { secretArn: env.EDGE_ORIGIN_SECRET_ARN!, header: ORIGIN_SECRET },
    sqs: queues.client,
    queueUrl: (queue, dlq = false) => (dlq ? queues.dlqUrls[queue] : queues.urls[queue]),
    fn,
    spawn,
    httpEvent,
    token: (options) => issuer.token(options),
    request: <T>(method: string, path: string, options: RequestOptions = {}) => viaEvent<T>(method, path, options, 'v2'),
    requestV1: <T>(method: string, path: string, options: RequestOptions = {}) => viaEvent<T>(method, path, options, 'v1'),
    sqsEvent,
    deliverQueued: async () => {
      for (const queue of QUEUE_NAMES) while ((await deliverOnce(queue)) > 0);
    },
    close: async () => {
      await Promise.all([...running.values()].map(async (p) => (await p.catch(() => undefined))?.close()));
      await Promise.all(spawned.map((p) => p.close()));
      await sql.end();
      await db.drop();
      await dropRole(db.url, appLogin);
      await Promise.all([issuer.close(), aws.close(), queues.close()]);
      await rm(taskRoot, { recursive: true, force: true });
    },
  };
}

async function readManifest(): Promise<LambdaFunction[]> {
  let manifest: LambdaFunction[];
  try {
    manifest = JSON.parse(await readFile(join(BUNDLES, 'manifest.json'), 'utf8')) as LambdaFunction[];
  } catch {
    throw new Error('No Lambda bundles in dist/lambdas: run `npm run build:lambdas` (or `npm run test:lambdas`, which builds them)');
  }
  const missing = lambdaFunctions().filter((f) => !manifest.some((m) => m.name === f.name));
  if (missing.length > 0) throw new Error(`dist/lambdas lacks ${missing.map((f) => f.name).join(', ')}: rebuild with npm run build:lambdas`);
  return manifest;
}

interface Queues {
  endpoint: string;
  prefix: string;
  client: SQSClient;
  urls: Record<QueueName, string>;
  dlqUrls: Record<QueueName, string>;
  close(): Promise<void>;
}

/** The SQS emulator on loopback with each queue and its DLQ, as the deploy creates them. */
async function startQueues(): Promise<Queues> {
  const { buildApp } = await import('fauxqs');
  const app = buildApp({ logger: false, defaultRegion: REGION });
  const endpoint = await app.listen({ host: '127.0.0.1', port: 0 });
  const client = new SQSClient({ region: REGION, endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const prefix = `lambdas-${randomBytes(3).toString('hex')}-`;
  const urls = {} as Record<QueueName, string>;
  const dlqUrls = {} as Record<QueueName, string>;
  for (const queue of QUEUE_NAMES) {
    dlqUrls[queue] = (await client.send(new CreateQueueCommand({ QueueName: `${prefix}${queue}-dlq` }))).QueueUrl!;
    const arn = (await client.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrls[queue], AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    urls[queue] = (await client.send(new CreateQueueCommand({ QueueName: `${prefix}${queue}` }))).QueueUrl!;
    await client.send(
      new SetQueueAttributesCommand({
        QueueUrl: urls[queue],
        Attributes: { VisibilityTimeout: '30', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 5 }) },
      }),
    );
  }
  return {
    endpoint,
    prefix,
    client,
    urls,
    dlqUrls,
    close: async () => {
      client.destroy();
      await app.close();
    },
  };
}

/** Drops the topology's app login (its database is gone, and with it every grant). */
async function dropRole(databaseUrl: string, role: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(role)}`);
  } finally {
    await admin.end();
  }
}
