import type { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { AccountBaselineConfig } from '../config/account.js';

/**
 * Every workload resource name starts with its stack's name (`switchboard-<stage>-…`):
 * CloudFormation generates physical names from it. These policies scope by that prefix.
 */
export const WORKLOAD_PREFIX = 'switchboard-';

/** The one role that may send to the workload queues by hand (MFA, an alarm on every use). */
export const BREAK_GLASS_ROLE_NAME = 'switchboard-queue-break-glass';

/** Longest a break-glass session lasts, and how recent its MFA sign-in must be. */
export const BREAK_GLASS_SESSION_SECONDS = 3600;

/** Actions allowed without MFA: enough to set MFA up and change one's password. */
export const MFA_SELF_SERVICE_ACTIONS = [
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetUser',
  'iam:GetMFADevice',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
  'iam:ChangePassword',
  'iam:GetAccountPasswordPolicy',
  'sts:GetSessionToken',
];

/** EC2/ECS/RDS operations developers may run, only on resources tagged with their `appenv`. */
// prettier-ignore
export const DEVELOPER_TAGGED_ACTIONS = [
  'ec2:StartInstances', 'ec2:StopInstances', 'ec2:RebootInstances',
  'ecs:RunTask', 'ecs:StartTask', 'ecs:StopTask', 'ecs:UpdateService', 'ecs:ExecuteCommand',
  'rds:StartDBCluster', 'rds:StopDBCluster', 'rds:RebootDBCluster', 'rds:RebootDBInstance', 'rds:FailoverDBCluster',
];

interface PolicyInputs {
  readonly stack: Stack;
  readonly config: AccountBaselineConfig;
  readonly auditBucket: s3.IBucket;
  readonly auditKey: kms.IKey;
}

/** The statements of the account's IAM groups (least privilege, one group per team). */
export function accountPolicies({ stack, config, auditBucket, auditKey }: PolicyInputs) {
  const arn = (service: string, resource: string, region = stack.region) => `arn:${stack.partition}:${service}:${region}:${stack.account}:${resource}`;
  const allow = (sid: string, actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
    new iam.PolicyStatement({ sid, effect: iam.Effect.ALLOW, actions, resources, conditions });

  const requireMfa = [
    allow(
      'ManageOwnMfa',
      ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ResyncMFADevice', 'iam:ListMFADevices', 'iam:GetMFADevice', 'iam:DeactivateMFADevice'],
      [`arn:${stack.partition}:iam::${stack.account}:mfa/\${aws:username}`, `arn:${stack.partition}:iam::${stack.account}:user/\${aws:username}`],
    ),
    allow('ManageOwnPassword', ['iam:ChangePassword', 'iam:GetUser'], [`arn:${stack.partition}:iam::${stack.account}:user/\${aws:username}`]),
    allow('ListForMfaSetup', ['iam:ListVirtualMFADevices', 'iam:GetAccountPasswordPolicy'], ['*']),
    new iam.PolicyStatement({
      sid: 'DenyAllExceptMfaSetupWithoutMfa',
      effect: iam.Effect.DENY,
      notActions: MFA_SELF_SERVICE_ACTIONS,
      resources: ['*'],
      conditions: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    }),
  ];

  // What both developers and operations read: the workload's stacks, functions, logs, traces, metrics.
  const workloadRead = [
    allow(
      'ReadWorkloadStacks',
      [
        'cloudformation:DescribeStacks',
        'cloudformation:DescribeStackEvents',
        'cloudformation:DescribeStackResources',
        'cloudformation:ListStackResources',
        'cloudformation:GetTemplate',
        'cloudformation:DescribeChangeSet',
        'cloudformation:ListChangeSets',
      ],
      [arn('cloudformation', `stack/${WORKLOAD_PREFIX}*/*`)],
    ),
    allow(
      'ReadWorkloadFunctions',
      ['lambda:GetFunction', 'lambda:GetFunctionConfiguration', 'lambda:GetAlias', 'lambda:ListAliases', 'lambda:ListVersionsByFunction', 'lambda:GetPolicy'],
      [arn('lambda', `function:${WORKLOAD_PREFIX}*`)],
    ),
    allow(
      'ReadWorkloadLogs',
      ['logs:DescribeLogStreams', 'logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:StartQuery'],
      [arn('logs', `log-group:${WORKLOAD_PREFIX}*`), arn('logs', `log-group:/aws/lambda/${WORKLOAD_PREFIX}*`)],
    ),
    allow('ReadWorkloadQueues', ['sqs:GetQueueAttributes', 'sqs:ListDeadLetterSourceQueues'], [arn('sqs', `${WORKLOAD_PREFIX}*`)]),
    // These APIs have no resource-level permissions.
    // prettier-ignore
    allow('ListAndTrace', [
      'cloudformation:ListStacks', 'lambda:ListFunctions', 'lambda:ListEventSourceMappings', 'logs:DescribeLogGroups', 'logs:GetQueryResults', 'logs:StopQuery',
      'xray:GetTraceSummaries', 'xray:BatchGetTraces', 'xray:GetServiceGraph', 'xray:GetTraceGraph', 'xray:GetTimeSeriesServiceStatistics',
      'cloudwatch:GetMetricData', 'cloudwatch:GetMetricStatistics', 'cloudwatch:ListMetrics', 'cloudwatch:DescribeAlarms', 'cloudwatch:GetDashboard', 'cloudwatch:ListDashboards',
      'sqs:ListQueues', 'rds:DescribeDBClusters', 'rds:DescribeDBInstances', 'rds:DescribeDBProxies', 'rds:DescribeDBProxyTargets', 'elasticache:DescribeReplicationGroups',
      'ec2:DescribeInstances', 'ec2:DescribeSecurityGroups', 'ecs:DescribeServices', 'ecs:DescribeTasks', 'ecs:ListTasks', 'apigateway:GET',
    ], ['*']),
  ];

  const developers = [
    ...workloadRead,
    allow('OperateOwnEnvironments', DEVELOPER_TAGGED_ACTIONS, ['*'], { StringEquals: { 'aws:ResourceTag/appenv': [...config.developerEnvironments] } }),
    allow('PassWorkloadRolesToLambda', ['iam:PassRole'], [`arn:${stack.partition}:iam::${stack.account}:role/${WORKLOAD_PREFIX}*`], {
      StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    }),
  ];

  const operations = [
    ...workloadRead,
    allow(
      'RunPipelines',
      [
        'codepipeline:GetPipeline',
        'codepipeline:GetPipelineState',
        'codepipeline:GetPipelineExecution',
        'codepipeline:ListPipelineExecutions',
        'codepipeline:ListActionExecutions',
        'codepipeline:StartPipelineExecution',
        'codepipeline:StopPipelineExecution',
        'codepipeline:RetryStageExecution',
        'codepipeline:PutApprovalResult',
      ],
      [arn('codepipeline', `${WORKLOAD_PREFIX}*`), arn('codepipeline', `${WORKLOAD_PREFIX}*/*`)],
    ),
    allow(
      'ReadBuilds',
      ['codebuild:BatchGetBuilds', 'codebuild:BatchGetProjects', 'codebuild:ListBuildsForProject', 'codebuild:RetryBuild'],
      [arn('codebuild', 'project/*')],
    ),
    allow(
      'ReadBuildLogs',
      ['logs:DescribeLogStreams', 'logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:StartQuery'],
      [arn('logs', 'log-group:/aws/codebuild/*'), arn('logs', 'log-group:/aws/rds/cluster/*')],
    ),
    allow('ListPipelines', ['codepipeline:ListPipelines', 'codebuild:ListProjects'], ['*']),
    allow(
      'HandleAlarms',
      ['cloudwatch:DisableAlarmActions', 'cloudwatch:EnableAlarmActions', 'cloudwatch:SetAlarmState'],
      [arn('cloudwatch', `alarm:${WORKLOAD_PREFIX}*`)],
    ),
    // Reading the dead letters (a receive hides a message for its visibility timeout), dropping one that can never succeed.
    allow(
      'ReadDeadLetters',
      ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:ListMessageMoveTasks', 'sqs:CancelMessageMoveTask'],
      [arn('sqs', `${WORKLOAD_PREFIX}*Dlq*`)],
    ),
    // A redrive needs sqs:SendMessage on the destination, which the group must not hold:
    // each stage's DlqRedrive function holds it and starts the move task, nothing else.
    allow('RedriveDeadLetters', ['lambda:InvokeFunction'], [arn('lambda', `function:${WORKLOAD_PREFIX}*-api-DlqRedrive*`)]),
    allow('AssumeQueueBreakGlass', ['sts:AssumeRole'], [`arn:${stack.partition}:iam::${stack.account}:role/${BREAK_GLASS_ROLE_NAME}`], {
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      NumericLessThan: { 'aws:MultiFactorAuthAge': String(BREAK_GLASS_SESSION_SECONDS) },
    }),
    allow('RunMigrations', ['lambda:InvokeFunction'], [arn('lambda', `function:${WORKLOAD_PREFIX}*-api-Migrate*`)]),
  ];

  /** The break-glass role's own permissions: send to the workload queues, read them. */
  const breakGlass = [
    allow(
      'SendToWorkloadQueues',
      ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:StartMessageMoveTask', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'],
      [arn('sqs', `${WORKLOAD_PREFIX}*`)],
    ),
  ];

  const security = [
    allow(
      'ReadAuditLogs',
      ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:ListBucketVersions'],
      [auditBucket.bucketArn, auditBucket.arnForObjects('*')],
    ),
    allow('DecryptAuditLogs', ['kms:Decrypt', 'kms:DescribeKey'], [auditKey.keyArn]),
  ];

  return { requireMfa, developers, operations, security, breakGlass };
}
