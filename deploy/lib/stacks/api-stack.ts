import { join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as triggers from 'aws-cdk-lib/triggers';
import type { Construct } from 'constructs';
import { consumerOf, MODULE_REGISTRY, QUEUE_NAMES, scheduledTasks, type QueueName, type RegistryEntry } from '#switchboard/registry';
import { SETTING_KEYS, SETTINGS, type SettingKey, type SettingSpec } from '../../../libs/config/src/settings.js';
import { bucketKey, queueUrlKey, type FunctionEnvironment } from '../config/function-env.js';
import { functionAccess, type FunctionAccess, type FunctionKind, type StageSecret } from '../config/function-access.js';
import type { StageConfig, Throttle } from '../config/stages.js';
import { DlqRedrive } from '../constructs/dlq-redrive.js';
import { FeatureBucket } from '../constructs/feature-bucket.js';
import { NestFunction } from '../constructs/nest-function.js';
import { acknowledge } from '../nag.js';
import { DATABASE_APP_USER, DATABASE_NAME, MAX_RECEIVE_COUNT, PROXY_PORT, QUEUE_VISIBILITY_SECONDS, REDIS_PORT, type DataStack } from './data-stack.js';
import type { NetworkStack } from './network-stack.js';

export interface ApiStackProps extends StackProps {
  readonly stage: StageConfig;
  readonly network: NetworkStack;
  readonly data: DataStack;
  /** Folder with one bundle folder per function (`<name>/index.js`), normally dist/lambdas. */
  readonly lambdasDir: string;
  /**
   * Browser origins allowed by CORS. Not the stage's console, which reaches
   * the API on its own origin (its distribution's `/v1/*`): others, such as a
   * developer's console on localhost.
   */
  readonly webOrigins: string[];
  /** The module registry (tests pass an extended copy). */
  readonly registry?: readonly RegistryEntry[];
}

/**
 * A route's own throttle on the HTTP API stage: webhook (`hmac`) and token-less
 * (`public`) routes get theirs, so neither can spend the budget of the console's
 * routes, which share the stage's default.
 */
export function routeThrottle(stage: StageConfig, entry: RegistryEntry): Throttle | undefined {
  if (entry.auth === 'hmac') return stage.api.webhookThrottle;
  if (entry.auth === 'public') return stage.api.publicThrottle;
  return undefined;
}

/** `contact-imports` → `ContactImports` (construct ids). */
export const pascal = (name: string): string => name.replace(/(^|-)(\w)/g, (_, _d, c: string) => c.toUpperCase());

/** SSM path of a stage's settings: `/switchboard/<stage>/`. */
export const settingsPrefix = (stage: StageConfig): string => `/switchboard/${stage.name}/`;

/**
 * The decoupled topology, generated from the module registry: one function per entry
 * with `ANY <prefix>` and `ANY <prefix>/{proxy+}` per prefix on the HTTP API (JWT
 * authorizer on `jwt` entries only), one worker per queue, one function per scheduled
 * task with its EventBridge rule, IAM from consumes/produces, the stage's settings in
 * SSM, and the migration run before any alias moves.
 */
export class ApiStack extends Stack {
  readonly api: apigwv2.HttpApi;
  readonly apiStage: apigwv2.HttpStage;
  readonly functions = new Map<string, NestFunction>();
  readonly workers = new Map<QueueName, NestFunction>();
  /** Scheduled tasks' functions, by task name. */
  readonly scheduled = new Map<string, NestFunction>();
  /** Their EventBridge rules, by task name. */
  readonly schedules = new Map<string, events.Rule>();
  readonly migrate: NestFunction;
  /** What the operations group invokes to redrive a DLQ (it may not send to queues itself). */
  readonly redrive: DlqRedrive;
  readonly parameters = new Map<SettingKey, ssm.StringParameter>();
  /** What each function may reach, by bundle name (deploy tests compare it with the grants). */
  readonly access = new Map<string, FunctionAccess>();

  /** The registry's buckets, by name. */
  readonly buckets = new Map<string, FeatureBucket>();

  readonly registry: readonly RegistryEntry[];
  private readonly props: ApiStackProps;
  private readonly envKey: kms.Key;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.props = props;
    const { stage } = props;
    this.registry = props.registry ?? MODULE_REGISTRY;

    this.envKey = new kms.Key(this, 'FunctionEnvKey', {
      description: `Switchboard ${stage.name}: Lambda environment variables`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.createParameters();

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: stage.functions.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new apigwv2.HttpApi(this, 'HttpApi', {
      description: `Switchboard ${stage.name}`,
      createDefaultStage: false,
      // Preflights are answered here, before the JWT authorizer would reject them.
      corsPreflight:
        props.webOrigins.length > 0
          ? {
              allowOrigins: props.webOrigins,
              allowMethods: [apigwv2.CorsHttpMethod.ANY],
              allowHeaders: ['authorization', 'content-type', 'if-match', 'if-none-match'],
              exposeHeaders: ['etag', 'location', 'retry-after', 'x-request-id'],
              maxAge: Duration.hours(1),
            }
          : undefined,
    });
    this.apiStage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: stage.api.throttleRatePerSecond, burstLimit: stage.api.throttleBurst },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigw.AccessLogFormat.jsonWithStandardFields(),
      },
    });
    new CfnOutput(this, 'ApiUrl', { value: this.apiStage.url, description: 'Base URL of the HTTP API' });
    const authorizer = new HttpJwtAuthorizer('Auth0', stage.auth.issuerUrl, { jwtAudience: [stage.auth.audience] });

    for (const name of new Set(this.registry.flatMap((e) => e.buckets ?? []))) {
      this.buckets.set(name, new FeatureBucket(this, `${pascal(name)}Bucket`, { name }));
    }

    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    (this.apiStage.node.defaultChild as apigwv2.CfnStage).routeSettings = routeSettings;
    for (const entry of this.registry) {
      const fn = this.nestFunction(
        pascal(entry.name),
        entry.name,
        `Switchboard ${stage.name}: ${entry.name} (HTTP)`,
        'http',
        entry,
        {},
        {
          reservedConcurrency: stage.functions.reservedConcurrency,
          provisionedConcurrency: stage.functions.provisionedConcurrency,
        },
      );
      this.functions.set(entry.name, fn);
      const integration = new HttpLambdaIntegration(`${pascal(entry.name)}Integration`, fn.alias);
      for (const prefix of entry.prefixes) {
        for (const path of [prefix, `${prefix}/{proxy+}`]) {
          const [route] = this.api.addRoutes({
            path,
            methods: [apigwv2.HttpMethod.ANY],
            integration,
            authorizer: entry.auth === 'jwt' ? authorizer : undefined,
          });
          const throttle = routeThrottle(stage, entry);
          if (throttle) {
            routeSettings[`ANY ${path}`] = { ThrottlingRateLimit: throttle.ratePerSecond, ThrottlingBurstLimit: throttle.burst };
            // Route settings name routes by key: the stage must come after them.
            this.apiStage.node.addDependency(route);
          }
          if (entry.auth !== 'jwt') {
            acknowledge(route, ['APIG4', `${entry.name} routes are '${entry.auth}': the function verifies the request itself (HMAC signature), not a JWT`]);
          }
        }
      }
    }

    for (const queue of QUEUE_NAMES) {
      const owner = this.registry.find((e) => e.consumes.includes(queue)) ?? consumerOf(queue);
      const worker = this.nestFunction(
        `${pascal(queue)}Worker`,
        `${queue}-worker`,
        `Switchboard ${stage.name}: ${queue} worker (SQS)`,
        'worker',
        owner,
        { consumes: [queue] },
        {
          reservedConcurrency: stage.functions.workerConcurrency,
          provisionedConcurrency: 0,
        },
      );
      worker.alias.addEventSource(
        new SqsEventSource(props.data.queues[queue].queue, {
          batchSize: 10,
          maxBatchingWindow: Duration.seconds(1),
          reportBatchItemFailures: true,
          // Stays within the worker's reserved concurrency, so SQS never gets throttled.
          maxConcurrency: Math.max(2, stage.functions.workerConcurrency),
        }),
      );
      this.workers.set(queue, worker);
    }

    for (const { entry, task } of scheduledTasks(this.registry)) {
      const every = `every ${task.everyMinutes} minute${task.everyMinutes === 1 ? '' : 's'}`;
      // Grants follow the task's own `produces`, not its entry's.
      const fn = this.nestFunction(
        pascal(task.name),
        task.name,
        `Switchboard ${stage.name}: ${task.name} (${every})`,
        'scheduled',
        entry,
        { produces: task.produces },
        {
          // One run at a time; with the stage's timeout under the rate, runs never overlap.
          reservedConcurrency: 1,
          provisionedConcurrency: 0,
        },
      );
      // The next tick is the retry: a failed or late run is not retried on its own.
      fn.alias.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(Math.max(1, task.everyMinutes)) });
      const rule = new events.Rule(this, `${pascal(task.name)}Schedule`, {
        description: `Switchboard ${stage.name}: runs ${task.name} ${every}`,
        schedule: events.Schedule.rate(Duration.minutes(task.everyMinutes)),
        targets: [new targets.LambdaFunction(fn.alias, { retryAttempts: 0 })],
      });
      this.scheduled.set(task.name, fn);
      this.schedules.set(task.name, rule);
    }

    this.redrive = new DlqRedrive(this, 'DlqRedrive', { queues: props.data.queues, logRetentionDays: stage.functions.logRetentionDays });
    new CfnOutput(this, 'DlqRedriveFunctionName', {
      value: this.redrive.function.functionName,
      description: 'Invoke with {"queue":"<name>"} to redrive its DLQ',
    });

    this.migrate = this.nestFunction(
      'Migrate',
      'migrate',
      `Switchboard ${stage.name}: database migrations and the app's database login`,
      'migrate',
      undefined,
      {},
      {
        reservedConcurrency: 1,
        provisionedConcurrency: 0,
        timeout: Duration.minutes(5),
      },
    );
    new CfnOutput(this, 'MigrateFunctionName', { value: this.migrate.function.functionName, description: 'Invoke to run pending migrations by hand' });
    // Runs on every deploy whose migration bundle changed, and fails the deploy if a migration fails;
    // every alias waits for it, so no new code serves traffic against the old schema.
    new triggers.Trigger(this, 'MigrateOnDeploy', {
      handler: this.migrate.function,
      invocationType: triggers.InvocationType.REQUEST_RESPONSE,
      timeout: Duration.minutes(5),
      executeBefore: [...this.functions.values(), ...this.workers.values(), ...this.scheduled.values()].map((f) => f.alias),
    });
  }

  /**
   * One NestFunction with its environment and grants, derived from its registry entry
   * (functionAccess): exactly the secrets it reads, the queues it sends to (`produces`)
   * and, for the worker of a queue, the queue it receives from.
   */
  private nestFunction(
    id: string,
    bundle: string,
    description: string,
    kind: FunctionKind,
    entry: RegistryEntry | undefined,
    queues: { produces?: readonly QueueName[]; consumes?: readonly QueueName[] },
    sizing: { reservedConcurrency: number; provisionedConcurrency: number; timeout?: Duration },
  ): NestFunction {
    const { stage, data, network } = this.props;
    const access = functionAccess(kind, entry, queues);
    const secrets = access.secrets.map((use) => this.stageSecret(use, kind));
    const environment: FunctionEnvironment = {
      NODE_ENV: 'production',
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: bundle,
      POWERTOOLS_METRICS_NAMESPACE: 'Switchboard',
      CONFIG_SSM_PREFIX: settingsPrefix(stage),
      ...Object.fromEntries(secrets.map(({ key, secret }) => [key, secret.secretArn])),
      ...Object.fromEntries([...new Set([...access.receives, ...access.sends])].map((q) => [queueUrlKey(q), data.queues[q].queue.queueUrl])),
      ...Object.fromEntries((entry?.buckets ?? []).map((b) => [bucketKey(b), this.buckets.get(b)!.bucket.bucketName])),
    };
    const fn = new NestFunction(this, id, {
      codeDir: join(this.props.lambdasDir, bundle),
      description,
      vpc: network.vpc,
      securityGroup: network.functionsSg,
      environmentKey: this.envKey,
      environment,
      memoryMb: stage.functions.memoryMb,
      timeout: sizing.timeout ?? Duration.seconds(stage.functions.timeoutSeconds),
      logRetentionDays: stage.functions.logRetentionDays,
      reservedConcurrency: sizing.reservedConcurrency,
      provisionedConcurrency: sizing.provisionedConcurrency,
    });
    fn.grantReadParameters(settingsPrefix(stage));
    for (const { secret } of secrets) fn.grantReadSecret(secret);
    for (const q of access.receives) fn.grantConsume(data.queues[q]);
    for (const q of access.sends) fn.grantProduce(data.queues[q].queue);
    this.access.set(bundle, access);
    for (const b of entry?.buckets ?? []) this.buckets.get(b)!.grantObjects(fn);
    return fn;
  }

  /** The secret behind a use, and the catalogue key that names it in the function's environment. */
  private stageSecret(use: StageSecret, kind: FunctionKind): { key: SettingKey; secret: secretsmanager.ISecret } {
    const { data } = this.props;
    switch (use) {
      case 'master-database':
        return { key: 'DATABASE_SECRET_ARN', secret: data.databaseSecret };
      case 'app-database':
        // The migrate function connects as the master user and sets the app login up from this secret.
        return { key: kind === 'migrate' ? 'DATABASE_APP_SECRET_ARN' : 'DATABASE_SECRET_ARN', secret: data.appDatabaseSecret };
      case 'cache':
        return { key: 'REDIS_AUTH_SECRET_ARN', secret: data.cacheAuthSecret };
      case 'edge-origin':
        return { key: 'EDGE_ORIGIN_SECRET_ARN', secret: data.originSecret };
      case 'telephony-webhook':
        return { key: 'TELEPHONY_WEBHOOK_SECRET_ARN', secret: data.webhookSecret };
      case 'encryption-keys':
        return { key: 'ENCRYPTION_KEYS_SECRET_ARN', secret: data.encryptionKeysSecret };
    }
  }

  /**
   * `/switchboard/<stage>/<KEY>` for every catalogue setting a production process needs
   * and that the environment does not carry: stage values first, then values derived
   * from the other stacks, then the catalogue fallback. Secrets never go here.
   */
  private createParameters(): void {
    const { stage, data, webOrigins } = this.props;
    // Values a function needs in AWS where the catalogue's fallback suits the one-process server.
    // Keyed loosely: only keys the catalogue knows are ever written (the loop below walks SETTING_KEYS).
    const derived: Record<string, string> = {
      DATABASE_URL: `postgres://${DATABASE_APP_USER}@${data.proxy.endpoint}:${PROXY_PORT}/${DATABASE_NAME}`,
      DATABASE_SSL: 'true',
      DATABASE_PROXY: 'true',
      // One invocation at a time per container: two connections are plenty; the proxy pools the rest.
      DATABASE_POOL_SIZE: '2',
      REDIS_URL: `rediss://${data.cache.attrPrimaryEndPointAddress}:${REDIS_PORT}`,
      AUTH_ISSUER_URL: stage.auth.issuerUrl,
      AUTH_AUDIENCE: stage.auth.audience,
      CORS_ORIGINS: webOrigins.join(',') || 'none',
      QUEUES_CREATE: 'false',
      QUEUE_CONSUMERS_ENABLED: 'false',
      QUEUE_MAX_RECEIVE_COUNT: String(MAX_RECEIVE_COUNT),
      QUEUE_VISIBILITY_TIMEOUT_SECONDS: String(QUEUE_VISIBILITY_SECONDS),
      // Lambda's only writable folder.
      DATA_DIR: '/tmp/switchboard',
    };
    for (const key of SETTING_KEYS) {
      const spec: SettingSpec = SETTINGS[key];
      if (ENV_ONLY_SETTINGS.has(key) || spec.secret) continue;
      const value = stage.settings[key] ?? derived[key] ?? (spec.optional ? undefined : spec.fallback);
      if (value === undefined) {
        if (spec.optional) continue;
        throw new Error(`Setting ${key} is required in production: give it a value in deploy/lib/config/stages.ts (${stage.name}.settings)`);
      }
      const parameter = new ssm.StringParameter(this, `Setting${pascal(key.toLowerCase().replace(/_/g, '-'))}`, {
        parameterName: `${settingsPrefix(stage)}${key}`,
        stringValue: value,
        description: SETTINGS[key].doc.slice(0, 1024),
        tier: ssm.ParameterTier.STANDARD,
      });
      this.parameters.set(key, parameter);
    }
  }
}

/**
 * Settings every function gets through its environment (per function or fixed), so they
 * are not duplicated in SSM. AWS_REGION is set by Lambda itself and is reserved.
 */
const ENV_ONLY_SETTINGS = new Set<SettingKey>([
  'NODE_ENV',
  'AWS_REGION',
  'CONFIG_SSM_PREFIX',
  'DATABASE_SECRET_ARN',
  'REDIS_AUTH_SECRET_ARN',
  'TELEPHONY_WEBHOOK_SECRET_ARN',
  'DATABASE_APP_SECRET_ARN',
  'EDGE_ORIGIN_SECRET_ARN',
  'ENCRYPTION_KEYS_SECRET_ARN',
  ...QUEUE_NAMES.map((q) => queueUrlKey(q)),
  ...MODULE_REGISTRY.flatMap((e) => e.buckets ?? []).map((b) => bucketKey(b)),
]);
