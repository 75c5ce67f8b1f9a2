import { Match, type Template } from 'aws-cdk-lib/assertions';
import { MODULE_REGISTRY } from '#switchboard/registry';
import type { NestFunction } from '../lib/constructs/nest-function.js';
import { BUCKET_OBJECT_DAYS } from '../lib/constructs/feature-bucket.js';
import type { SwitchboardStage } from '../lib/switchboard-stage.js';
import { logicalId, resourcesOf, synthesize, template, type Synthesized } from './support/synth.js';

let app: Synthesized;
let api: Template;
let stack: SwitchboardStage;

beforeAll(() => {
  app = synthesize({ stages: ['development'], baseline: false });
  stack = app.stages.development!;
  api = template(stack.api);
});

const bucketId = () => logicalId(stack.api.buckets.get('exports')!.bucket);
const envOf = (fn: NestFunction) =>
  resourcesOf(api, 'AWS::Lambda::Function')[logicalId(fn.function)].Properties.Environment.Variables as Record<string, unknown>;
/** Every statement of the role policies attached to `fn`'s role. */
const statementsOf = (fn: NestFunction) =>
  Object.values(resourcesOf(api, 'AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === logicalId(fn.function.role!)))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown; Sid?: string }[]);
const bucketStatements = (fn: NestFunction) => statementsOf(fn).filter((s) => JSON.stringify(s.Resource).includes(bucketId()));

it('synthesizes nag-clean', () => {
  expect(app.violations).toEqual([]);
  expect(app.error).toBeUndefined();
});

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
  for (const fn of [stack.api.functions.get('exports')!, stack.api.workers.get('exports')!]) {
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
  const others = [...stack.api.functions.entries(), ...stack.api.workers.entries()].filter(([name]) => name !== 'exports').map(([, fn]) => fn);
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
