import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { QUEUE_NAMES, type QueueName } from '#switchboard/registry';
import { SETTINGS } from '../../../libs/config/src/settings.js';
import type { StageConfig } from '../config/stages.js';
import { acknowledge, acknowledgeSingletons, REASONS } from '../nag.js';
import type { NetworkStack } from './network-stack.js';

/** Port the RDS Proxy listens on (Postgres' own; the functions connect here). */
export const PROXY_PORT = 5432;
/** Port of the Aurora cluster behind the proxy: not the default, so a scan for 5432 finds nothing. */
export const DATABASE_PORT = 5438;
export const REDIS_PORT = 6379;
export const DATABASE_NAME = 'switchboard';
/** Aurora's master user: the migrations alone connect as it. */
export const DATABASE_USER = 'switchboard';
/** The app's own login, created by the migration step with only the privileges the app needs. */
export const DATABASE_APP_USER = 'switchboard_app';
/** Receives before SQS moves a message to the DLQ (also QUEUE_MAX_RECEIVE_COUNT). */
export const MAX_RECEIVE_COUNT = 5;
/** Visibility timeout: six times the worker timeout, as AWS advises for Lambda event sources. */
export const QUEUE_VISIBILITY_SECONDS = 90;

/** DATABASE_STATEMENT_TIMEOUT_MS of the stage, or the catalogue's fallback. */
function statementTimeoutMs(stage: StageConfig): number {
  return Number(stage.settings.DATABASE_STATEMENT_TIMEOUT_MS ?? SETTINGS.DATABASE_STATEMENT_TIMEOUT_MS.fallback);
}

export interface DataStackProps extends StackProps {
  readonly stage: StageConfig;
  readonly network: NetworkStack;
}

export interface QueuePair {
  readonly queue: sqs.Queue;
  readonly dlq: sqs.Queue;
}

/**
 * Everything stateful: Aurora Serverless v2 behind RDS Proxy, Redis, the queues and
 * the backup plan. Its own stack, so the API can be replaced freely; its logical ids
 * are pinned by deploy/test/data-stack.test.ts — renaming a construct here would
 * replace the database.
 */
export class DataStack extends Stack {
  readonly key: kms.Key;
  readonly cluster: rds.DatabaseCluster;
  /** The master user's credentials: the migrate function's alone. */
  readonly databaseSecret: secretsmanager.ISecret;
  /** The app's own login (DATABASE_APP_USER), which every other function connects as. */
  readonly appDatabaseSecret: rds.DatabaseSecret;
  /** What CloudFront sends as X-Origin-Verify, and the HTTP functions require (JSON: header, previous). */
  readonly originSecret: secretsmanager.Secret;
  readonly proxy: rds.DatabaseProxy;
  readonly cache: elasticache.CfnReplicationGroup;
  readonly cacheAuthSecret: secretsmanager.Secret;
  /**
   * The former global webhook secret (TELEPHONY_WEBHOOK_SECRET). Production functions no
   * longer read it (each tenant signs with its own keys); kept because stateful logical ids stay.
   */
  readonly webhookSecret: secretsmanager.Secret;
  /** The key ring that seals secrets stored in the database (SECRETS_ENCRYPTION_KEYS), e.g. tenants' webhook signing keys. */
  readonly encryptionKeysSecret: secretsmanager.Secret;
  readonly queues: Record<QueueName, QueuePair>;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { stage, network } = props;
    const production = stage.name === 'production';
    const keep = production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const isolated = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

    // Deleting this key would make snapshots and backups unreadable: always kept.
    this.key = new kms.Key(this, 'DataKey', {
      description: `Switchboard ${stage.name}: database, cache, secrets and backups`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const sgs = this.securityGroups(network);

    this.cluster = new rds.DatabaseCluster(this, 'Database', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_17_9 }),
      credentials: rds.Credentials.fromGeneratedSecret(DATABASE_USER, { encryptionKey: this.key }),
      defaultDatabaseName: DATABASE_NAME,
      writer: rds.ClusterInstance.serverlessV2('Writer', { autoMinorVersionUpgrade: true }),
      readers: Array.from({ length: stage.database.readers }, (_, i) =>
        rds.ClusterInstance.serverlessV2(`Reader${i + 1}`, { scaleWithWriter: true, autoMinorVersionUpgrade: true }),
      ),
      serverlessV2MinCapacity: stage.database.minAcu,
      serverlessV2MaxCapacity: stage.database.maxAcu,
      vpc: network.vpc,
      vpcSubnets: isolated,
      securityGroups: [sgs.database],
      port: DATABASE_PORT,
      storageEncrypted: true,
      storageEncryptionKey: this.key,
      iamAuthentication: true,
      deletionProtection: stage.database.deletionProtection,
      backup: { retention: Duration.days(stage.database.pitrDays), preferredWindow: '10:00-11:00' },
      cloudwatchLogsExports: ['postgresql'],
      cloudwatchLogsRetention: stage.functions.logRetentionDays as logs.RetentionDays,
      monitoringInterval: Duration.seconds(60),
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    this.databaseSecret = this.cluster.secret!;
    // `cluster.secret` is the target attachment; the secret itself is the cluster's `Secret` child.
    (this.cluster.node.findChild('Secret') as secretsmanager.Secret).applyRemovalPolicy(keep);
    this.cluster.addRotationSingleUser({ automaticallyAfter: Duration.days(30), vpcSubnets: isolated });
    // The app's login: generated here, created in the database by the migrate function
    // (libs/database ensureAppLogin). Single-user rotation (the login changes its own
    // password): the functions read the password afresh for new connections, but not the user name.
    this.appDatabaseSecret = new rds.DatabaseSecret(this, 'AppDatabaseSecret', {
      username: DATABASE_APP_USER,
      dbname: DATABASE_NAME,
      encryptionKey: this.key,
      masterSecret: this.databaseSecret,
    });
    this.appDatabaseSecret.applyRemovalPolicy(keep);
    const appSecret = this.appDatabaseSecret.attach(this.cluster);
    new secretsmanager.SecretRotation(this, 'AppDatabaseRotation', {
      application: secretsmanager.SecretRotationApplication.POSTGRES_ROTATION_SINGLE_USER,
      secret: appSecret,
      target: this.cluster,
      vpc: network.vpc,
      vpcSubnets: isolated,
      automaticallyAfter: Duration.days(30),
    });

    this.proxy = this.cluster.addProxy('Proxy', {
      // The proxy authenticates each login with its own secret.
      secrets: [this.databaseSecret, appSecret],
      vpc: network.vpc,
      vpcSubnets: isolated,
      securityGroups: [sgs.proxy],
      requireTLS: true,
      // Lambdas open and drop connections: the proxy pools them; idle clients go after 10 min.
      idleClientTimeout: Duration.minutes(10),
      maxConnectionsPercent: 90,
      // Behind the proxy the client may not send session parameters (they pin the session),
      // so the server-side statement timeout is set here (libs/database, DATABASE_PROXY).
      initQuery: `SET statement_timeout = ${statementTimeoutMs(stage)}`,
    });

    this.cacheAuthSecret = new secretsmanager.Secret(this, 'CacheAuthToken', {
      description: `Switchboard ${stage.name}: Redis AUTH token`,
      encryptionKey: this.key,
      // ElastiCache AUTH tokens: 16–128 printable characters, no @ " / (alphanumerics are safe).
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: keep,
    });
    this.webhookSecret = new secretsmanager.Secret(this, 'TelephonyWebhookSecret', {
      description: `Switchboard ${stage.name}: HMAC secret(s) of telephony webhooks, comma-separated during a rotation`,
      encryptionKey: this.key,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: keep,
    });
    this.originSecret = new secretsmanager.Secret(this, 'EdgeOriginSecret', {
      description: `Switchboard ${stage.name}: the header value CloudFront sends to the API (X-Origin-Verify); "previous" is accepted during a rotation`,
      encryptionKey: this.key,
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'header', passwordLength: 48, excludePunctuation: true },
      removalPolicy: keep,
    });
    this.encryptionKeysSecret = new secretsmanager.Secret(this, 'SecretsEncryptionKeys', {
      description: `Switchboard ${stage.name}: key ring sealing secrets stored in the database (SECRETS_ENCRYPTION_KEYS)`,
      encryptionKey: this.key,
      // {"id":"k1","key":"<43 alphanumerics>"}: 43 base64 characters are 32 bytes (~256 bits); the loader reads it as k1:<key>.
      generateSecretString: { secretStringTemplate: JSON.stringify({ id: 'k1' }), generateStringKey: 'key', passwordLength: 43, excludePunctuation: true },
      removalPolicy: keep,
    });
    const cacheSubnets = new elasticache.CfnSubnetGroup(this, 'CacheSubnets', {
      description: `Switchboard ${stage.name} cache subnets`,
      subnetIds: network.vpc.selectSubnets(isolated).subnetIds,
    });
    this.cache = new elasticache.CfnReplicationGroup(this, 'Cache', {
      replicationGroupDescription: `Switchboard ${stage.name} cache`,
      engine: 'redis',
      engineVersion: '7.1',
      cacheNodeType: stage.cache.nodeType,
      numCacheClusters: 1 + stage.cache.replicas,
      automaticFailoverEnabled: stage.cache.replicas > 0,
      multiAzEnabled: stage.cache.replicas > 0,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
      kmsKeyId: this.key.keyArn,
      // A dynamic reference: CloudFormation resolves it, the template never holds the token.
      authToken: this.cacheAuthSecret.secretValue.unsafeUnwrap(),
      cacheSubnetGroupName: cacheSubnets.ref,
      securityGroupIds: [sgs.cache.securityGroupId],
      port: REDIS_PORT,
      snapshotRetentionLimit: production ? 7 : 1,
      snapshotWindow: '09:00-10:00',
      autoMinorVersionUpgrade: true,
    });
    this.cache.applyRemovalPolicy(keep);

    this.queues = Object.fromEntries(QUEUE_NAMES.map((name) => [name, this.queuePair(name, keep)])) as Record<QueueName, QueuePair>;

    const vault = new backup.BackupVault(this, 'BackupVault', { encryptionKey: this.key, removalPolicy: RemovalPolicy.RETAIN });
    const plan = new backup.BackupPlan(this, 'BackupPlan', {
      backupVault: vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'Daily',
          // 08:00 UTC, before the US business day: RPO 24 h.
          scheduleExpression: events.Schedule.cron({ hour: '8', minute: '0' }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(4),
          deleteAfter: Duration.days(stage.backup.retentionDays),
        }),
      ],
    });
    const selection = plan.addSelection('Database', { resources: [backup.BackupResource.fromRdsDatabaseCluster(this.cluster)] });
    acknowledge(selection, [
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'The AWS-maintained AWS Backup service policy is what AWS Backup needs to snapshot the cluster',
    ]);

    new CfnOutput(this, 'WebhookSecretArn', { value: this.webhookSecret.secretArn, description: 'HMAC secret to give the telephony provider' });
    new CfnOutput(this, 'EncryptionKeysSecretArn', {
      value: this.encryptionKeysSecret.secretArn,
      description: 'Key ring sealing secrets stored in the database (SECRETS_ENCRYPTION_KEYS)',
    });
    new CfnOutput(this, 'DatabaseSecretArn', {
      value: this.databaseSecret.secretArn,
      description: 'Master database credentials, for migrations only (rotated every 30 days)',
    });
    new CfnOutput(this, 'AppDatabaseSecretArn', {
      value: this.appDatabaseSecret.secretArn,
      description: "The app's own database login (rotated every 30 days)",
    });
    new CfnOutput(this, 'BackupVaultName', { value: vault.backupVaultName, description: 'AWS Backup vault of the daily database backups' });
    this.acknowledgeFindings(stage);
  }

  /**
   * The only ways in: functions → proxy:5432, proxy → Aurora, functions → Redis:6379.
   * The functions' egress rules are created here (not in the network stack) so the
   * network stack never refers to this one.
   */
  private securityGroups(network: NetworkStack) {
    const sg = (id: string, description: string) => new ec2.SecurityGroup(this, id, { vpc: network.vpc, description, allowAllOutbound: false });
    const proxy = sg('ProxySg', 'RDS Proxy in front of Aurora');
    const database = sg('DatabaseSg', 'Aurora cluster');
    const cache = sg('CacheSg', 'ElastiCache Redis');
    const functions = network.functionsSg;
    proxy.addIngressRule(functions, ec2.Port.tcp(PROXY_PORT), 'functions to the proxy');
    new ec2.CfnSecurityGroupEgress(this, 'FunctionsToProxy', {
      groupId: functions.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: PROXY_PORT,
      toPort: PROXY_PORT,
      destinationSecurityGroupId: proxy.securityGroupId,
      description: 'functions to the proxy',
    });
    cache.addIngressRule(functions, ec2.Port.tcp(REDIS_PORT), 'functions to Redis');
    new ec2.CfnSecurityGroupEgress(this, 'FunctionsToCache', {
      groupId: functions.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: REDIS_PORT,
      toPort: REDIS_PORT,
      destinationSecurityGroupId: cache.securityGroupId,
      description: 'functions to Redis',
    });
    database.addIngressRule(proxy, ec2.Port.tcp(DATABASE_PORT), 'proxy to Aurora');
    proxy.addEgressRule(database, ec2.Port.tcp(DATABASE_PORT), 'proxy to Aurora');
    // Secrets Manager, through its interface endpoint.
    proxy.addEgressRule(ec2.Peer.ipv4(network.vpc.vpcCidrBlock), ec2.Port.tcp(443), 'proxy to Secrets Manager');
    return { proxy, database, cache };
  }

  private queuePair(name: QueueName, removalPolicy: RemovalPolicy): QueuePair {
    const id = name.replace(/(^|-)(\w)/g, (_, _d, c: string) => c.toUpperCase());
    const dlq = new sqs.Queue(this, `${id}Dlq`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });
    const queue = new sqs.Queue(this, `${id}Queue`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(QUEUE_VISIBILITY_SECONDS),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: dlq, maxReceiveCount: MAX_RECEIVE_COUNT },
      removalPolicy,
    });
    acknowledge(dlq, ['SQS3', 'This queue is itself the dead-letter queue of its work queue']);
    return { queue, dlq };
  }

  private acknowledgeFindings(stage: StageConfig): void {
    acknowledge(this.cache, ['AEC5', 'Redis keeps 6379: the security group admits only the functions, and the app and docs assume the standard port']);
    acknowledge(this.cluster, [
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
      'The AWS-maintained Enhanced Monitoring policy lets RDS publish OS metrics to CloudWatch Logs; nothing else',
    ]);
    // Sets the retention of the cluster's postgresql log group, which RDS creates.
    acknowledgeSingletons(
      this,
      'LogRetention',
      ['IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', REASONS.cdkProviderRole],
      ['IAM5[Resource::*]', 'LogRetention must act on log groups RDS creates later, whose names it cannot know in advance'],
    );
    if (stage.cache.replicas === 0) {
      acknowledge(this.cache, ['AEC4', `A single cache node in ${stage.name} keeps cost down; the app treats Redis as optional (cache bypass on failure)`]);
    }
    if (!stage.database.deletionProtection) {
      acknowledge(this.cluster, ['RDS10', `Deletion protection is on in production only; ${stage.name} is rebuilt freely`]);
    }
    acknowledge(this.webhookSecret, [
      'SMG4',
      'The provider must hold the new secret before the old one goes: rotation is the two-signature procedure in docs/handbook/secrets.md',
    ]);
    acknowledge(this.originSecret, [
      'SMG4',
      'Rotation is a two-value change (header + previous) followed by a distribution update, by hand: docs/handbook/secrets.md',
    ]);
    acknowledge(this.encryptionKeysSecret, [
      'SMG4',
      'A new key goes in front of the ring while the old one still opens what it sealed: rotation is the key-ring procedure in docs/handbook/secrets.md',
    ]);
    acknowledge(this.cacheAuthSecret, [
      'SMG4',
      'ElastiCache AUTH rotation is a two-step ROTATE/SET change on the replication group; it is run by hand (docs/handbook/secrets.md)',
    ]);
  }
}
