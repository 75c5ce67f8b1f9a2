import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { isAllowedEnvKey, type FunctionEnvironment } from '../config/function-env.js';
import { acknowledge, nagArn, REASONS } from '../nag.js';

export interface NestFunctionProps {
  /** Folder holding the esbuild bundle (`index.js`), e.g. `dist/lambdas/contacts`. */
  readonly codeDir: string;
  readonly description: string;
  readonly vpc: ec2.IVpc;
  readonly securityGroup: ec2.ISecurityGroup;
  /** Customer key that encrypts the environment at rest. */
  readonly environmentKey: kms.IKey;
  readonly environment: FunctionEnvironment;
  readonly memoryMb: number;
  readonly timeout: Duration;
  readonly logRetentionDays: number;
  readonly reservedConcurrency: number;
  /** Provisioned concurrency on the `live` alias; 0 = on demand only. */
  readonly provisionedConcurrency: number;
}

/**
 * "A Nest function": one bundled Nest module on Lambda with the house defaults
 * (nodejs24.x on ARM64, X-Ray active, KMS-encrypted environment, its own log group
 * with retention, reserved concurrency, a `live` alias) and `grant…` methods, so
 * stacks only wire. Traffic (API routes, SQS event sources) always targets the alias.
 */
export class NestFunction extends Construct {
  readonly function: lambda.Function;
  readonly alias: lambda.Alias;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: NestFunctionProps) {
    super(scope, id);
    if (!existsSync(join(props.codeDir, 'index.js'))) {
      throw new Error(`No Lambda bundle at ${join(props.codeDir, 'index.js')}: run \`npm run build:lambdas\` first`);
    }
    const unknown = Object.keys(props.environment).filter((k) => !isAllowedEnvKey(k));
    if (unknown.length > 0) throw new Error(`${this.node.path}: env keys outside the settings catalogue: ${unknown.join(', ')}`);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.function = new lambda.Function(this, 'Function', {
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(props.codeDir),
      memorySize: props.memoryMb,
      timeout: props.timeout,
      tracing: lambda.Tracing.ACTIVE,
      environment: props.environment as Record<string, string>,
      environmentEncryption: props.environmentKey,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      reservedConcurrentExecutions: props.reservedConcurrency,
      vpc: props.vpc,
      // Private subnets with egress (NAT), so the functions reach the Auth0 JWKS.
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [props.securityGroup],
    });
    this.alias = new lambda.Alias(this, 'Live', {
      aliasName: 'live',
      version: this.function.currentVersion,
      provisionedConcurrentExecutions: props.provisionedConcurrency > 0 ? props.provisionedConcurrency : undefined,
    });
    acknowledge(
      this,
      ['IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', REASONS.lambdaBasicRole],
      ['IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]', REASONS.lambdaBasicRole],
      ['IAM5[Resource::*]', REASONS.xrayWildcard],
    );
  }

  /**
   * Receive and delete messages (SQS event source), and send to the DLQ: the
   * worker moves a poison message there at once, with its reason, instead of
   * letting it be retried until maxReceiveCount.
   */
  grantConsume(pair: { queue: sqs.IQueue; dlq: sqs.IQueue }): void {
    pair.queue.grantConsumeMessages(this.function);
    pair.dlq.grantSendMessages(this.function);
  }

  /** Send messages. */
  grantProduce(queue: sqs.IQueue): void {
    queue.grantSendMessages(this.function);
  }

  /**
   * Read a secret. Granted on the role only: `secret.grantRead()` would also write the
   * role into the (data stack's) key policy and make the two stacks refer to each other.
   * The key policy already delegates to IAM in the account.
   */
  grantReadSecret(secret: secretsmanager.ISecret): void {
    this.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [secret.secretArn] }),
    );
    if (secret.encryptionKey) {
      this.function.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [secret.encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }
  }

  /** Read every SSM parameter under `prefix` (e.g. `/switchboard/production/`). */
  grantReadParameters(prefix: string): void {
    const stack = Stack.of(this);
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ssm:GetParametersByPath', 'ssm:GetParameters', 'ssm:GetParameter'],
        resources: [
          stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: prefix.replace(/^\/|\/$/g, '') }),
          stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: `${prefix.replace(/^\//, '')}*` }),
        ],
      }),
    );
    acknowledge(this, [
      `IAM5[Resource::${nagArn(stack, 'ssm', `parameter${prefix}*`)}]`,
      "The function loads all of its own stage's settings by path; the wildcard stops at the stage prefix",
    ]);
  }

  /** Let another principal (e.g. the deploy-time migration trigger) invoke the live alias. */
  grantInvoke(grantee: iam.IGrantable): void {
    this.alias.grantInvoke(grantee);
  }
}
