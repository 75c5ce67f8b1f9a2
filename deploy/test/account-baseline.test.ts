import { Match, type Template } from 'aws-cdk-lib/assertions';
import { ACCOUNT_BASELINE } from '../lib/config/account.js';
import { resourcesOf, synthesize, template, type PolicyStatement as Statement, type Synthesized } from './support/synth.js';

// The baseline alone (no stages): it is deployed once per account, by hand.
let app: Synthesized;
let t: Template;
beforeAll(() => {
  app = synthesize({ stages: [] });
  t = template(app.baseline!);
});

const statementsOf = (logicalIdPrefix: string): Statement[] => {
  const [policy] = Object.entries({ ...resourcesOf(t, 'AWS::IAM::Policy'), ...resourcesOf(t, 'AWS::IAM::ManagedPolicy') })
    .filter(([id]) => id.startsWith(logicalIdPrefix))
    .map(([, r]) => r);
  return policy.Properties.PolicyDocument.Statement;
};
const bySid = (statements: Statement[], sid: string) => statements.find((s) => s.Sid === sid)!;
const actions = (s: Statement) => [s.Action ?? []].flat();

it('is nag-clean on its own', () => {
  expect(app.violations).toEqual([]);
  expect(app.error).toBeUndefined();
});

describe('audit', () => {
  it('runs CloudTrail in every region with log file validation, into S3 and CloudWatch Logs', () => {
    t.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      IsLogging: true,
      KMSKeyId: Match.anyValue(),
      CloudWatchLogsLogGroupArn: Match.anyValue(),
      S3BucketName: { Ref: Match.stringLikeRegexp('^AuditLogs') },
    });
  });

  it('keeps the log files in an encrypted, versioned, private bucket with a lifecycle rule', () => {
    const [bucket] = Object.entries(resourcesOf(t, 'AWS::S3::Bucket'))
      .filter(([id]) => id.startsWith('AuditLogs'))
      .map(([, b]) => b);
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [expect.objectContaining({ ServerSideEncryptionByDefault: expect.objectContaining({ SSEAlgorithm: 'aws:kms' }) })],
      },
      LoggingConfiguration: expect.anything(),
    });
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({
        Status: 'Enabled',
        ExpirationInDays: ACCOUNT_BASELINE.audit.retentionDays,
        Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }],
      }),
    ]);
  });
});

describe('security alarms', () => {
  const filters = () => Object.values(resourcesOf(t, 'AWS::Logs::MetricFilter')).map((f) => f.Properties);
  const patternOf = (metric: string) => filters().find((f) => f.MetricTransformations[0].MetricName === metric)!.FilterPattern;

  it('is one metric filter on the trail log group per alarm, each alarm to the security topic', () => {
    expect(filters()).toHaveLength(6);
    for (const f of filters()) {
      expect(f.LogGroupName).toEqual({ Ref: expect.stringMatching(/^TrailLogs/) });
      expect(f.MetricTransformations[0]).toMatchObject({ MetricNamespace: 'Switchboard/Security', MetricValue: '1' });
    }
    const [topic] = Object.keys(resourcesOf(t, 'AWS::SNS::Topic'));
    const alarms = Object.values(resourcesOf(t, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    expect(alarms.map((a) => a.MetricName).sort()).toEqual([
      'CloudTrailChanges',
      'IamPolicyChanges',
      'QueueBreakGlassUsed',
      'RootSignIn',
      'SecurityGroupChanges',
      'SignInWithoutMfa',
    ]);
    for (const a of alarms) expect(a).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [{ Ref: topic }] });
  });

  it('e-mails the configured address', () => {
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: ACCOUNT_BASELINE.securityEmail });
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  it('catches any root sign-in', () => {
    expect(patternOf('RootSignIn')).toBe('{ ($.eventName = "ConsoleLogin") && ($.userIdentity.type = "Root") }');
  });

  it('catches a successful console sign-in without MFA', () => {
    const p = patternOf('SignInWithoutMfa');
    for (const part of [
      '($.eventName = "ConsoleLogin")',
      '($.additionalEventData.MFAUsed != "Yes")',
      '($.responseElements.ConsoleLogin = "Success")',
      '($.userIdentity.type = "IAMUser")',
    ]) {
      expect(p).toContain(part);
    }
  });

  it.each([
    [
      'IamPolicyChanges',
      [
        'PutRolePolicy',
        'PutUserPolicy',
        'PutGroupPolicy',
        'DeleteRolePolicy',
        'CreatePolicy',
        'DeletePolicy',
        'CreatePolicyVersion',
        'AttachRolePolicy',
        'DetachRolePolicy',
        'AttachUserPolicy',
        'DetachGroupPolicy',
      ],
    ],
    [
      'SecurityGroupChanges',
      [
        'AuthorizeSecurityGroupIngress',
        'AuthorizeSecurityGroupEgress',
        'RevokeSecurityGroupIngress',
        'RevokeSecurityGroupEgress',
        'CreateSecurityGroup',
        'DeleteSecurityGroup',
      ],
    ],
    ['CloudTrailChanges', ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging']],
  ])('%s matches each of its events', (metric, events) => {
    const p = patternOf(metric);
    for (const e of events) expect(p).toContain(`($.eventName = "${e}")`);
    expect(p).toMatch(/^\{ .* \}$/);
    expect(p.split(' || ')).toHaveLength(p.match(/\$\.eventName/g)!.length);
  });
});

describe('account settings', () => {
  it('sets a password policy of at least 14 characters, every class, reuse prevention and a maximum age', () => {
    t.hasResourceProperties('Custom::AccountPasswordPolicy', {
      MinimumPasswordLength: 14,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      RequireNumbers: true,
      RequireSymbols: true,
      PasswordReusePrevention: 24,
      MaxPasswordAge: 90,
    });
  });

  it('sets the operations, billing and security contacts from config', () => {
    const c = ACCOUNT_BASELINE.contacts;
    t.hasResourceProperties('Custom::AccountAlternateContacts', {
      OperationsEmail: c.operations.email,
      BillingEmail: c.billing.email,
      SecurityEmail: c.security.email,
      SecurityPhone: c.security.phone,
    });
  });

  it('runs the handlers on nodejs24.x ARM64, with only the account-setting actions', () => {
    const policies = Object.values(resourcesOf(t, 'AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(policies.find((s) => actions(s).includes('iam:UpdateAccountPasswordPolicy'))).toMatchObject({ Effect: 'Allow', Resource: '*' });
    const contacts = policies.find((s) => actions(s).includes('account:PutAlternateContact'))!;
    expect(JSON.stringify(contacts.Resource)).toContain(':account');
    t.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' });
  });
});

describe('IAM groups', () => {
  it('has developers, operations and security groups, each with the MFA deny', () => {
    const [mfaId] = Object.keys(resourcesOf(t, 'AWS::IAM::ManagedPolicy'));
    const groups = Object.entries(resourcesOf(t, 'AWS::IAM::Group'));
    expect(groups.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(['Developers', 'Operations', 'Security']);
    for (const [, g] of groups) expect(g.Properties.ManagedPolicyArns).toContainEqual({ Ref: mfaId });
    const deny = bySid(statementsOf('RequireMfa'), 'DenyAllExceptMfaSetupWithoutMfa');
    expect(deny).toMatchObject({ Effect: 'Deny', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } });
    expect(deny.NotAction).toEqual(expect.arrayContaining(['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ChangePassword', 'sts:GetSessionToken']));
    expect(deny.Action).toBeUndefined();
  });

  it('lets developers operate EC2/ECS/RDS only on resources tagged with their appenv', () => {
    const s = bySid(statementsOf('DevelopersPolicy'), 'OperateOwnEnvironments');
    expect(s.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/appenv': ['development', 'staging'] } });
    expect(actions(s).every((a) => /^(ec2|ecs|rds):/.test(a))).toBe(true);
    expect(actions(s)).toEqual(expect.arrayContaining(['ec2:StartInstances', 'ecs:UpdateService', 'rds:RebootDBCluster']));
  });

  it('lets developers pass only the workload roles, and only to Lambda', () => {
    const s = bySid(statementsOf('DevelopersPolicy'), 'PassWorkloadRolesToLambda');
    expect(actions(s)).toEqual(['iam:PassRole']);
    expect(JSON.stringify(s.Resource)).toMatch(/:role\/switchboard-\*"/);
    expect(s.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } });
  });

  it('gives developers no unconditioned write outside the workload read set', () => {
    // Logs Insights queries are started and stopped, but they only read.
    const reads = new Set(['logs:StartQuery', 'logs:StopQuery']);
    const writes = statementsOf('DevelopersPolicy').filter(
      (s) => !s.Condition && actions(s).some((a) => !reads.has(a) && /:(Put|Create|Delete|Update|Start|Stop|Invoke|Send|Pass)/.test(a)),
    );
    expect(writes.map((s) => s.Sid)).toEqual([]);
  });

  it('gives operations the pipelines, CloudWatch, SQS redrive and the migration function', () => {
    const ops = statementsOf('OperationsPolicy');
    expect(actions(bySid(ops, 'RunPipelines'))).toEqual(
      expect.arrayContaining(['codepipeline:StartPipelineExecution', 'codepipeline:PutApprovalResult', 'codepipeline:RetryStageExecution']),
    );
    expect(actions(bySid(ops, 'HandleAlarms'))).toEqual(expect.arrayContaining(['cloudwatch:DisableAlarmActions', 'cloudwatch:SetAlarmState']));
    // The redrive runs in each stage's DlqRedrive function: the group itself may not send to a queue (issue 23).
    expect(actions(bySid(ops, 'RedriveDeadLetters'))).toEqual(['lambda:InvokeFunction']);
    expect(actions(bySid(ops, 'ReadDeadLetters'))).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:ListMessageMoveTasks']));
    const migrate = bySid(ops, 'RunMigrations');
    expect(actions(migrate)).toEqual(['lambda:InvokeFunction']);
    expect(JSON.stringify(migrate.Resource)).toContain(':function:switchboard-*-api-Migrate*');
  });

  it('gives security read-only everywhere plus the audit bucket and its key', () => {
    const [, security] = Object.entries(resourcesOf(t, 'AWS::IAM::Group')).find(([id]) => id.startsWith('Security'))!;
    expect(JSON.stringify(security.Properties.ManagedPolicyArns)).toContain(':iam::aws:policy/ReadOnlyAccess');
    const sec = statementsOf('SecurityPolicy');
    expect(JSON.stringify(bySid(sec, 'ReadAuditLogs').Resource)).toContain('AuditLogs');
    expect(actions(bySid(sec, 'ReadAuditLogs')).every((a) => /^s3:(Get|List)/.test(a))).toBe(true);
    expect(actions(bySid(sec, 'DecryptAuditLogs'))).toEqual(['kms:Decrypt', 'kms:DescribeKey']);
  });
});
