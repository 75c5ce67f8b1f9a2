import { Match, type Template } from 'aws-cdk-lib/assertions';
import { MODULE_REGISTRY } from '#switchboard/registry';
import type { NestFunction } from '../lib/constructs/nest-function.js';
import { BUCKET_OBJECT_DAYS } from '../lib/constructs/feature-bucket.js';
import type { SwitchboardStage } from '../lib/switchboard-stage.js';
import { logicalId, resourcesOf, synthesize, template, type Synthesized } from './support/synth.js';

/**
 * Features the registry alone brings to a stage, read from one synth of the development
 * stage (its registry, no baseline). They share it because a test file's first synth
 * costs several times a second one (loading aws-cdk-lib, starting CloudFormation Validate).
 */
let app: Synthesized;
let stage: SwitchboardStage;
let api: Template;
let data: Template;

beforeAll(() => {
  app = synthesize({ stages: ['development'], baseline: false });
  stage = app.stages.development!;
  api = template(stage.api);
  data = template(stage.data);
});

/** Every statement of the role policies attached to `fn`'s role. */
const statementsOf = (fn: NestFunction) => {
  const role = logicalId(fn.function.role!);
  return Object.values(resourcesOf(api, 'AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles ?? []).some((r) => r.Ref === role))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
};

it('synthesizes nag-clean', () => {
  expect(app.violations).toEqual([]);
  expect(app.error).toBeUndefined();
});

describe('feature buckets', () => {
  const bucketId = () => logicalId(stage.api.buckets.get('exports')!.bucket);
  const envOf = (fn: NestFunction) =>
    resourcesOf(api, 'AWS::Lambda::Function')[logicalId(fn.function)].Properties.Environment.Variables as Record<string, unknown>;
  const bucketStatements = (fn: NestFunction) => statementsOf(fn).filter((s) => JSON.stringify(s.Resource).includes(bucketId()));

  it('creates one bucket per registry bucket name: private, TLS only, encrypted, objects expiring', () => {
    const names = [...new Set(MODULE_REGISTRY.flatMap((e) => e.buckets ?? []))];
    expect(names).toEqual(['exports']);
    api.resourceCountIs('AWS::S3::Bucket', names.length);
    api.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: {
          Rules: [Match.objectLike({ ExpirationInDays: BUCKET_OBJECT_DAYS, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' })],
        },
      }),
    });
    api.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId() },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('names the bucket to the exports function and the exports worker, and lets both read and write its objects only', () => {
    for (const fn of [stage.api.functions.get('exports')!, stage.api.workers.get('exports')!]) {
      expect(envOf(fn).BUCKET_EXPORTS).toEqual({ Ref: bucketId() });
      expect(bucketStatements(fn)).toEqual([
        expect.objectContaining({
          Effect: 'Allow',
          Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, '/*']] },
        }),
      ]);
    }
  });

  it('gives no other function the bucket', () => {
    const others = [...stage.api.functions.entries(), ...stage.api.workers.entries()].filter(([name]) => name !== 'exports').map(([, fn]) => fn);
    expect(others.length).toBeGreaterThan(3);
    for (const fn of others) {
      expect(envOf(fn).BUCKET_EXPORTS).toBeUndefined();
      expect(bucketStatements(fn)).toEqual([]);
    }
  });

  it('keeps BUCKET_EXPORTS out of SSM: each function that needs it carries it', () => {
    const names = Object.values(resourcesOf(api, 'AWS::SSM::Parameter')).map((p) => p.Properties.Name as string);
    expect(names.filter((n) => n.endsWith('/BUCKET_EXPORTS') || n.endsWith('/S3_ENDPOINT'))).toEqual([]);
  });
});

/**
 * The webhooks feature (issue 24) was added as one lib and one registry line,
 * with no change to deploy/: its function, routes, queue with DLQ, worker,
 * scheduled relay and grants all come from the registry.
 */
describe('webhooks', () => {
  const can = (fn: NestFunction, action: string, which: 'queue' | 'dlq' = 'queue') => {
    const queueId = logicalId(stage.data.queues['webhook-deliveries'][which]);
    return statementsOf(fn).some((s) => [s.Action].flat().includes(action) && JSON.stringify(s.Resource).includes(queueId));
  };

  it('is one registry entry: /v1/webhooks behind the JWT authorizer, consuming and producing webhook-deliveries, scheduling webhook-relay', () => {
    expect(MODULE_REGISTRY.filter((e) => e.lib === 'webhooks')).toEqual([
      {
        name: 'webhooks',
        lib: 'webhooks',
        prefixes: ['/v1/webhooks'],
        auth: 'jwt',
        consumes: ['webhook-deliveries'],
        produces: ['webhook-deliveries'],
        permissions: ['webhooks:write'],
        secrets: ['encryption-keys'],
        schedules: [{ name: 'webhook-relay', everyMinutes: 1, produces: ['webhook-deliveries'] }],
      },
    ]);
  });

  it('has the webhooks function and its two routes on its live alias, with the JWT authorizer', () => {
    const fn = stage.api.functions.get('webhooks')!;
    expect(resourcesOf(api, 'AWS::Lambda::Function')[logicalId(fn.function)].Properties.Environment.Variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'webhooks',
      QUEUE_URL_WEBHOOK_DELIVERIES: expect.anything(),
    });
    const routes = Object.values(resourcesOf(api, 'AWS::ApiGatewayV2::Route'))
      .map((r) => r.Properties)
      .filter((r) => r.RouteKey === 'ANY /v1/webhooks' || r.RouteKey === 'ANY /v1/webhooks/{proxy+}');
    expect(routes).toHaveLength(2);
    for (const route of routes) {
      expect(route.AuthorizationType).toBe('JWT');
      const integration = resourcesOf(api, 'AWS::ApiGatewayV2::Integration')[route.Target['Fn::Join'][1][1].Ref].Properties;
      expect(integration.IntegrationUri).toEqual({ Ref: logicalId(fn.alias) });
    }
  });

  it('has the webhook-deliveries queue, encrypted, with a DLQ it redrives to', () => {
    const { queue, dlq } = stage.data.queues['webhook-deliveries'];
    const queues = resourcesOf(data, 'AWS::SQS::Queue');
    expect(queues[logicalId(queue)].Properties.RedrivePolicy).toMatchObject({ deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(dlq), 'Arn'] } });
    expect(queues[logicalId(dlq)]).toBeDefined();
  });

  it('has a worker on the queue (SQS event source, partial batch failures) that may receive, delete and dead-letter', () => {
    const worker = stage.api.workers.get('webhook-deliveries')!;
    const mapping = Object.values(resourcesOf(api, 'AWS::Lambda::EventSourceMapping'))
      .map((m) => m.Properties)
      .find((m) => JSON.stringify(m.FunctionName).includes(logicalId(worker.alias)));
    expect(mapping).toMatchObject({ FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect([can(worker, 'sqs:ReceiveMessage'), can(worker, 'sqs:DeleteMessage'), can(worker, 'sqs:SendMessage', 'dlq')]).toEqual([true, true, true]);
  });

  it('grants the HTTP function and the scheduled relay send on the queue, and neither receive', () => {
    const http = stage.api.functions.get('webhooks')!;
    const relay = stage.api.scheduled.get('webhook-relay')!;
    expect([can(http, 'sqs:SendMessage'), can(http, 'sqs:ReceiveMessage')]).toEqual([true, false]);
    expect([can(relay, 'sqs:SendMessage'), can(relay, 'sqs:ReceiveMessage')]).toEqual([true, false]);
    const rule = resourcesOf(api, 'AWS::Events::Rule')[logicalId(stage.api.schedules.get('webhook-relay')!)].Properties;
    expect(rule).toMatchObject({ ScheduleExpression: 'rate(1 minute)', Targets: [{ Arn: { Ref: logicalId(relay.alias) } }] });
  });

  it('no other function may send to or receive from webhook-deliveries', () => {
    const others = [...stage.api.functions.entries(), ...stage.api.workers.entries(), ...stage.api.scheduled.entries()].filter(
      ([name]) => !['webhooks', 'webhook-deliveries', 'webhook-relay'].includes(name),
    );
    for (const [name, fn] of others) expect([name, can(fn, 'sqs:SendMessage'), can(fn, 'sqs:ReceiveMessage')]).toEqual([name, false, false]);
  });
});
