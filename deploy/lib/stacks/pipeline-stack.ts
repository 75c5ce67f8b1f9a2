import { Duration, Stack, Token, type CfnElement, type StackProps } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as pipelines from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';
import type { RegistryEntry } from '#switchboard/registry';
import { acknowledge, nagArn, nagRender } from '../nag.js';
import type { PipelineConfig, StageConfig } from '../config/stages.js';
import { SwitchboardStage } from '../switchboard-stage.js';

export interface PipelineStackProps extends StackProps {
  readonly stage: StageConfig;
  readonly pipeline: PipelineConfig;
  readonly lambdasDir: string;
  readonly webDir?: string;
  readonly registry?: readonly RegistryEntry[];
}

/**
 * Images for the test services in CodeBuild (the e2e suites talk to real Postgres and
 * Redis on 127.0.0.1). ECR Public mirrors avoid Docker Hub's anonymous pull limits.
 */
export const CI_SERVICES = [
  'docker run -d --name postgres -p 127.0.0.1:5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust public.ecr.aws/docker/library/postgres:17-alpine',
  'docker run -d --name redis -p 127.0.0.1:6379:6379 public.ecr.aws/docker/library/redis:7-alpine',
  'for i in $(seq 1 30); do docker exec postgres pg_isready -U postgres -q && break; sleep 1; done',
];

/**
 * What the synth step runs, in order: install, test, build the agent console (the
 * frontend stack uploads apps/web/dist), bundle the functions and synthesize.
 */
export const CI_COMMANDS = ['npm ci --no-audit --no-fund', 'npm run lint', 'npm run typecheck', 'npm test', 'npm run build:web', 'npm run cdk:synth'];

/** The console's build-time settings for a stage (apps/web/README.md): Auth0 Universal Login. */
export function consoleBuildEnv(stage: StageConfig): Record<string, string> {
  return {
    VITE_AUTH0_DOMAIN: new URL(stage.auth.issuerUrl).host,
    VITE_AUTH0_CLIENT_ID: stage.auth.spaClientId,
    VITE_AUTH0_AUDIENCE: stage.auth.audience,
  };
}

/**
 * The pipeline of one stage: a push to the stage's branch (GitHub through a CodeStar
 * connection) → CodeBuild (`npm ci`, the tests, `build:lambdas`, synth) → self-update →
 * assets → [manual approval] → CloudFormation change sets for the stage's stacks.
 * Failures (and approvals waiting) go to an SNS topic that AWS Chatbot posts to Slack.
 */
export class PipelineStack extends Stack {
  readonly stage: SwitchboardStage;
  readonly pipeline: pipelines.CodePipeline;
  readonly notifications: sns.Topic;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { stage, pipeline: cfg } = props;

    const source = pipelines.CodePipelineSource.connection(cfg.repository, stage.branch, {
      connectionArn: stage.delivery.connectionArn,
      triggerOnPush: true,
    });
    const synth = new pipelines.CodeBuildStep('Synth', {
      input: source,
      installCommands: CI_SERVICES,
      commands: CI_COMMANDS,
      env: { CI: 'true', ...consoleBuildEnv(stage) },
      primaryOutputDirectory: 'deploy/cdk.out',
      partialBuildSpec: codebuild.BuildSpec.fromObject({
        phases: { install: { 'runtime-versions': { nodejs: 22 } } },
        cache: { paths: ['/root/.npm/**/*'] },
      }),
      cache: codebuild.Cache.local(codebuild.LocalCacheMode.CUSTOM, codebuild.LocalCacheMode.DOCKER_LAYER),
      timeout: Duration.minutes(20),
    });

    this.pipeline = new pipelines.CodePipeline(this, 'Pipeline', {
      pipelineName: `switchboard-${stage.name}`,
      synth,
      crossAccountKeys: true,
      enableKeyRotation: true,
      // The test services run in Docker inside the build container.
      dockerEnabledForSynth: true,
      publishAssetsInParallel: true,
      useChangeSets: true,
      codeBuildDefaults: {
        buildEnvironment: {
          buildImage: codebuild.LinuxArmBuildImage.AMAZON_LINUX_2023_STANDARD_3_0,
          computeType: codebuild.ComputeType.LARGE,
        },
      },
    });

    this.stage = new SwitchboardStage(this, stage.name, { config: stage, lambdasDir: props.lambdasDir, webDir: props.webDir, registry: props.registry });
    this.pipeline.addStage(this.stage, {
      pre: stage.manualApproval ? [new pipelines.ManualApprovalStep(`Approve-${stage.name}`, { comment: `Deploy ${stage.branch} to ${stage.name}?` })] : [],
    });
    this.pipeline.buildPipeline();

    this.notifications = this.notificationTopic(stage);
    this.pipeline.pipeline.notifyOn('Failures', this.notifications, {
      events: [
        codepipeline.PipelineNotificationEvents.PIPELINE_EXECUTION_FAILED,
        codepipeline.PipelineNotificationEvents.ACTION_EXECUTION_FAILED,
        codepipeline.PipelineNotificationEvents.MANUAL_APPROVAL_NEEDED,
      ],
    });
    this.acknowledgeFindings();
    new chatbot.SlackChannelConfiguration(this, 'Slack', {
      slackChannelConfigurationName: `switchboard-${stage.name}-pipeline`,
      slackWorkspaceId: cfg.slackWorkspaceId,
      slackChannelId: cfg.slackChannelId,
      notificationTopics: [this.notifications],
      loggingLevel: chatbot.LoggingLevel.ERROR,
      guardrailPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
    });
  }

  /** CDK Pipelines generates these roles and the artifact bucket; what it grants is scoped as far as each service allows. */
  private acknowledgeFindings(): void {
    const id = (c: Construct) => this.getLogicalId(c.node.defaultChild as CfnElement);
    const cp = this.pipeline.pipeline;
    const synthProject = this.pipeline.synthProject;
    const selfMutation = this.pipeline.selfMutationProject;
    const artifacts = 'Pipeline artifacts: CDK Pipelines grants object-level access to its own artifact bucket and key';
    const codebuildLogs = 'CodeBuild writes its logs and test reports to groups named after the project; the suffixes are generated per build';
    acknowledge(
      this.pipeline,
      ['S1', 'The artifact bucket holds short-lived build outputs written and read only by the pipeline roles; bucket-level calls are in the account trail'],
      ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'].map(
        (a): [string, string] => [`IAM5[Action::${a}]`, artifacts],
      ),
      [`IAM5[Resource::<${id(cp.artifactBucket)}.Arn>/*]`, artifacts],
      [`IAM5[Resource::${nagArn(this, 'logs', `log-group:/aws/codebuild/<${id(synthProject)}>:*`)}]`, codebuildLogs],
      [`IAM5[Resource::${nagArn(this, 'codebuild', `report-group/<${id(synthProject)}>-*`)}]`, codebuildLogs],
      [`IAM5[Resource::${nagArn(this, 'logs', `log-group:/aws/codebuild/<${id(selfMutation)}>:*`)}]`, codebuildLogs],
      [`IAM5[Resource::${nagArn(this, 'codebuild', `report-group/<${id(selfMutation)}>-*`)}]`, codebuildLogs],
      [
        `IAM5[Resource::${nagArn(this, 'logs', 'log-group:/aws/codebuild/*')}]`,
        'Asset publishing projects are created per asset; their log groups are not known in advance',
      ],
      [
        `IAM5[Resource::${nagArn(this, 'codebuild', 'report-group/*')}]`,
        'Asset publishing projects are created per asset; their report groups are not known in advance',
      ],
      [
        `IAM5[Resource::arn:*:iam::${Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account}:role/*]`,
        'Self-mutation assumes the CDK bootstrap roles (cdk-hnb659fds-*) of the target account',
      ],
      ['IAM5[Resource::*]', 'Self-mutation and asset publishing read CloudFormation stacks and assume bootstrap roles that are named per account and region'],
    );
    // The stage's edge stack is in us-east-1: CodePipeline replicates artifacts there through a bucket of its own support stack.
    for (const { stack, replicationBucket } of Object.values(cp.crossRegionSupport)) {
      acknowledge(this.pipeline, [
        `IAM5[Resource::${nagRender(this.resolve(replicationBucket.arnForObjects('*')))}]`,
        'Pipeline artifacts replicated to the edge region: object-level access to that bucket only',
      ]);
      acknowledge(stack, ['S1', "CodePipeline's cross-region replication bucket holds short-lived artifacts written and read only by the pipeline roles"]);
    }
  }

  private notificationTopic(stage: StageConfig): sns.Topic {
    const key = new kms.Key(this, 'NotificationsKey', { description: `Switchboard ${stage.name}: pipeline notifications`, enableKeyRotation: true });
    // CodeStar Notifications publishes to an encrypted topic only if the key lets it.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('codestar-notifications.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    return new sns.Topic(this, 'Notifications', { displayName: `Switchboard ${stage.name} pipeline`, masterKey: key, enforceSSL: true });
  }
}
