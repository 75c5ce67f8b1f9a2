import { fileURLToPath } from 'node:url';
import { CfnOutput, CustomResource, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import type { AccountBaselineConfig } from '../config/account.js';
import { acknowledge, acknowledgeWildcards, REASONS } from '../nag.js';
import { accountPolicies, BREAK_GLASS_ROLE_NAME, BREAK_GLASS_SESSION_SECONDS } from './account-policies.js';

export interface AccountBaselineStackProps extends StackProps {
  readonly config: AccountBaselineConfig;
}

/**
 * CloudWatch Logs filter patterns on the trail, one alarm each (after the CIS AWS
 * Foundations Benchmark monitoring controls).
 */
export const SECURITY_ALARMS = {
  RootSignIn: {
    description: 'The root user signed in',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.userIdentity.type = "Root") }',
  },
  SignInWithoutMfa: {
    description: 'An IAM user signed in to the console without MFA',
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") && ($.additionalEventData.MFAUsed != "Yes") }',
  },
  IamPolicyChanges: {
    description: 'An IAM policy was created, changed, attached or detached',
    // prettier-ignore
    pattern: `{ ${[
      'DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
      'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'SetDefaultPolicyVersion',
      'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
    ].map((e) => `($.eventName = "${e}")`).join(' || ')} }`,
  },
  SecurityGroupChanges: {
    description: 'A security group was created, changed or deleted',
    // prettier-ignore
    pattern: `{ ${[
      'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress',
      'ModifySecurityGroupRules', 'CreateSecurityGroup', 'DeleteSecurityGroup',
    ].map((e) => `($.eventName = "${e}")`).join(' || ')} }`,
  },
  QueueBreakGlassUsed: {
    description: 'Someone assumed the queue break-glass role (sending to workload queues by hand)',
    pattern: `{ ($.eventName = "AssumeRole") && ($.requestParameters.roleArn = "*:role/${BREAK_GLASS_ROLE_NAME}") }`,
  },
  CloudTrailChanges: {
    description: 'The CloudTrail configuration changed',
    pattern: `{ ${['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging', 'PutEventSelectors']
      .map((e) => `($.eventName = "${e}")`)
      .join(' || ')} }`,
  },
} as const;

export const SECURITY_METRICS_NAMESPACE = 'Switchboard/Security';

/** Why each group statement with a wildcard resource is still least privilege (by Sid). */
const WILDCARD_REASONS: Record<string, string> = {
  ListForMfaSetup: 'iam:ListVirtualMFADevices and iam:GetAccountPasswordPolicy have no resource type',
  ReadWorkloadStacks: 'Read-only on the workload stacks, all named switchboard-<stage>-…',
  ReadWorkloadFunctions: 'Read-only on the workload functions, whose generated names start with their stack name (switchboard-…)',
  ReadWorkloadLogs: 'Read-only on the workload log groups (switchboard-… and /aws/lambda/switchboard-…)',
  ReadWorkloadQueues: 'Read-only on the workload queues, named after the data stack (switchboard-<stage>-data-…)',
  ListAndTrace: 'List/Describe, X-Ray and CloudWatch metric read APIs have no resource-level permissions',
  OperateOwnEnvironments: "The aws:ResourceTag/appenv condition limits these actions to the developers' environments",
  PassWorkloadRolesToLambda: 'Only workload roles (switchboard-…), and only to Lambda (iam:PassedToService)',
  RunPipelines: 'The pipelines are switchboard-<stage>; /* covers their stages and approval actions',
  ReadBuilds: 'CDK Pipelines generates the CodeBuild project names; read and retry only',
  ReadBuildLogs: 'CodeBuild and RDS log groups carry generated project and cluster ids; read only',
  ListPipelines: 'List APIs have no resource-level permissions',
  HandleAlarms: 'Alarms are named after their stack (switchboard-…)',
  ReadDeadLetters: 'Dead-letter queues of the workload only (switchboard-…Dlq…): receive to read, delete a hopeless message, watch the move tasks',
  RedriveDeadLetters: "Each stage's DlqRedrive function (switchboard-<stage>-api-DlqRedrive…), which only starts a move task",
  SendToWorkloadQueues: 'The break-glass role: the workload queues only (switchboard-…), behind MFA, an alarm on every use',
  RunMigrations: 'The migration function of each stage (switchboard-<stage>-api-Migrate…) and its versions',
  ReadAuditLogs: 'Every object of the audit bucket, read only',
};

/**
 * The account's security baseline, deployed once per account: CloudTrail in every
 * region (file validation, encrypted versioned bucket, CloudWatch Logs copy), alarms
 * on the trail, the IAM password policy and alternate contacts (custom resources:
 * CloudFormation has neither), and one least-privilege IAM group per team. No IAM
 * user or access key is created anywhere: people sign in through these groups with
 * MFA, workloads use roles, the pipelines reach GitHub through a CodeStar connection.
 */
export class AccountBaselineStack extends Stack {
  readonly trail: cloudtrail.Trail;
  readonly auditBucket: s3.Bucket;
  readonly auditKey: kms.Key;
  readonly trailLogs: logs.LogGroup;
  readonly topic: sns.Topic;
  readonly groups: Record<'developers' | 'operations' | 'security', iam.Group>;
  /** Sends to workload queues by hand: the operations group assumes it with MFA (an alarm fires on each use). */
  readonly breakGlass: iam.Role;

  constructor(scope: Construct, id: string, props: AccountBaselineStackProps) {
    super(scope, id, props);
    const { config } = props;

    const auditKey = (this.auditKey = new kms.Key(this, 'AuditKey', {
      description: 'Switchboard account baseline: CloudTrail log files',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    }));
    const accessLogs = new s3.Bucket(this, 'AuditAccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.auditBucket = new s3.Bucket(this, 'AuditLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: auditKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'audit/',
      lifecycleRules: [
        {
          id: 'archive-then-expire',
          transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) }],
          expiration: Duration.days(config.audit.retentionDays),
          noncurrentVersionExpiration: Duration.days(90),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.trailLogs = new logs.LogGroup(this, 'TrailLogs', {
      retention: config.audit.cloudWatchDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.trail = new cloudtrail.Trail(this, 'Trail', {
      bucket: this.auditBucket,
      encryptionKey: auditKey,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: this.trailLogs,
      managementEvents: cloudtrail.ReadWriteType.ALL,
    });

    this.topic = this.alarmTopic(config);
    const action = new actions.SnsAction(this.topic);
    for (const [name, spec] of Object.entries(SECURITY_ALARMS)) {
      const filter = new logs.MetricFilter(this, `${name}Filter`, {
        logGroup: this.trailLogs,
        filterPattern: logs.FilterPattern.literal(spec.pattern),
        metricNamespace: SECURITY_METRICS_NAMESPACE,
        metricName: name,
        metricValue: '1',
      });
      const alarm = new cloudwatch.Alarm(this, `${name}Alarm`, {
        metric: filter.metric({ statistic: 'Sum', period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `Switchboard account: ${spec.description}`,
      });
      alarm.addAlarmAction(action);
    }

    this.accountSettings(config);
    ({ groups: this.groups, breakGlass: this.breakGlass } = this.iamGroups(config));

    new CfnOutput(this, 'AuditBucketName', { value: this.auditBucket.bucketName });
    new CfnOutput(this, 'TrailLogGroupName', { value: this.trailLogs.logGroupName });
    for (const [team, group] of Object.entries(this.groups)) new CfnOutput(this, `${team}GroupName`, { value: group.groupName });
    new CfnOutput(this, 'QueueBreakGlassRoleArn', { value: this.breakGlass.roleArn, description: 'Assume with MFA to send to a workload queue by hand' });
  }

  private alarmTopic(config: AccountBaselineConfig): sns.Topic {
    const key = new kms.Key(this, 'SecurityAlarmsKey', { description: 'Switchboard account baseline: security alarm topic', enableKeyRotation: true });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    const topic = new sns.Topic(this, 'SecurityAlarms', { displayName: 'Switchboard security alarms', masterKey: key, enforceSSL: true });
    topic.addSubscription(new subscriptions.EmailSubscription(config.securityEmail));
    return topic;
  }

  /** The password policy and alternate contacts, each through its own handler (deploy/lib/account). */
  private accountSettings(config: AccountBaselineConfig): void {
    const passwordPolicy = this.settingsHandler('PasswordPolicy', 'password-policy.handler.ts', [
      new iam.PolicyStatement({ actions: ['iam:UpdateAccountPasswordPolicy'], resources: ['*'] }),
    ]);
    new CustomResource(this, 'AccountPasswordPolicy', {
      serviceToken: passwordPolicy,
      resourceType: 'Custom::AccountPasswordPolicy',
      properties: {
        MinimumPasswordLength: config.passwordPolicy.minimumLength,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        RequireNumbers: true,
        RequireSymbols: true,
        PasswordReusePrevention: config.passwordPolicy.reusePrevention,
        MaxPasswordAge: config.passwordPolicy.maxAgeDays,
      },
    });

    const contacts = this.settingsHandler('AlternateContacts', 'alternate-contacts.handler.ts', [
      new iam.PolicyStatement({
        actions: ['account:PutAlternateContact', 'account:GetAlternateContact'],
        resources: [`arn:${this.partition}:account::${this.account}:account`],
      }),
    ]);
    const c = config.contacts;
    new CustomResource(this, 'AccountAlternateContacts', {
      serviceToken: contacts,
      resourceType: 'Custom::AccountAlternateContacts',
      properties: Object.fromEntries(
        (['operations', 'billing', 'security'] as const).flatMap((type) => {
          const prefix = type.charAt(0).toUpperCase() + type.slice(1);
          return [
            [`${prefix}Name`, c[type].name],
            [`${prefix}Title`, c[type].title],
            [`${prefix}Email`, c[type].email],
            [`${prefix}Phone`, c[type].phone],
          ];
        }),
      ),
    });
  }

  /** A bundled handler behind the Provider framework; returns the service token. */
  private settingsHandler(id: string, file: string, statements: iam.PolicyStatement[]): string {
    const fn = new nodejs.NodejsFunction(this, `${id}Handler`, {
      entry: fileURLToPath(new URL(`../account/${file}`, import.meta.url)),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: Duration.seconds(60),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: new logs.LogGroup(this, `${id}HandlerLogs`, { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.DESTROY }),
      // The Lambda runtime ships AWS SDK v3.
      bundling: { externalModules: ['@aws-sdk/*'], forceDockerBundling: false, minify: true, target: 'node24', logLevel: nodejs.LogLevel.ERROR },
    });
    statements.forEach((s) => fn.addToRolePolicy(s));
    const provider = new cr.Provider(this, `${id}Provider`, {
      onEventHandler: fn,
      logGroup: new logs.LogGroup(this, `${id}ProviderLogs`, { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.DESTROY }),
    });
    acknowledge(
      fn,
      ['IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', REASONS.lambdaBasicRole],
      ['IAM5[Resource::*]', id === 'PasswordPolicy' ? 'iam:UpdateAccountPasswordPolicy has no resource type: it acts on the account' : REASONS.xrayWildcard],
    );
    acknowledge(
      provider,
      ['IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', REASONS.cdkProviderRole],
      [
        'IAM5[Resource::<' + this.getLogicalId(fn.node.defaultChild as lambda.CfnFunction) + '.Arn>:*]',
        'The provider framework invokes any version of its own handler function',
      ],
      ['L1', REASONS.cdkSingletonFunction],
    );
    return provider.serviceToken;
  }

  private iamGroups(config: AccountBaselineConfig): Pick<AccountBaselineStack, 'groups' | 'breakGlass'> {
    const policies = accountPolicies({ stack: this, config, auditBucket: this.auditBucket, auditKey: this.auditKey });
    const requireMfa = new iam.ManagedPolicy(this, 'RequireMfa', {
      description: "Nothing but managing one's own MFA and password until signed in with MFA",
      statements: policies.requireMfa,
    });
    acknowledgeWildcards(requireMfa, this, policies.requireMfa, WILDCARD_REASONS);
    const group = (id: string, statements: iam.PolicyStatement[], managed: iam.IManagedPolicy[] = []) => {
      const g = new iam.Group(this, id, { managedPolicies: [requireMfa, ...managed] });
      const policy = new iam.Policy(this, `${id}Policy`, { statements, groups: [g] });
      acknowledgeWildcards(policy, this, statements, WILDCARD_REASONS);
      return g;
    };
    const security = group('Security', policies.security, [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')]);
    acknowledge(security, [
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/ReadOnlyAccess]',
      'The security team reads everything; AWS keeps ReadOnlyAccess current as services appear',
    ]);
    const breakGlass = new iam.Role(this, 'QueueBreakGlass', {
      roleName: BREAK_GLASS_ROLE_NAME,
      description: 'Break-glass: send to the workload queues by hand (MFA; every use raises the QueueBreakGlassUsed alarm)',
      // The account's principals whose own policy allows it (the operations group, with MFA); MFA checked here too.
      assumedBy: new iam.AccountPrincipal(this.account).withConditions({
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
        NumericLessThan: { 'aws:MultiFactorAuthAge': String(BREAK_GLASS_SESSION_SECONDS) },
      }),
      maxSessionDuration: Duration.seconds(BREAK_GLASS_SESSION_SECONDS),
    });
    const breakGlassPolicy = new iam.Policy(this, 'QueueBreakGlassPolicy', { statements: policies.breakGlass, roles: [breakGlass] });
    acknowledgeWildcards(breakGlassPolicy, this, policies.breakGlass, WILDCARD_REASONS);
    return {
      groups: { developers: group('Developers', policies.developers), operations: group('Operations', policies.operations), security },
      breakGlass,
    };
  }
}
