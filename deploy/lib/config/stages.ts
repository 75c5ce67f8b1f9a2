import type { SettingKey } from '../../../libs/config/src/settings.js';

/**
 * Everything that differs between the three stages, in one typed place. The stacks
 * read only this; nothing in them branches on the stage's name.
 */
export const STAGE_NAMES = ['development', 'staging', 'production'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

export interface StageConfig {
  readonly name: StageName;
  /** The git branch whose pushes this stage's pipeline deploys. */
  readonly branch: string;
  readonly region: string;
  /** The AWS account that holds the stage (each stage its own: docs/deploy.md, "Accounts"). */
  readonly account: string;
  /**
   * Where the stage's pipeline runs, and the CodeStar connection to GitHub that
   * was created there. The stage's account trusts this account at bootstrap;
   * production's pipeline runs in production's own account, so no other
   * pipeline's account is trusted there.
   */
  readonly delivery: { readonly account: string; readonly connectionArn: string };
  /** The pipeline stops for a person before it deploys this stage. */
  readonly manualApproval: boolean;
  readonly network: {
    /** One NAT gateway outside production (cost), one per AZ in production (AZ failure). */
    readonly natGateways: number;
  };
  readonly database: {
    readonly minAcu: number;
    readonly maxAcu: number;
    /** Serverless v2 readers beside the writer (a reader in another AZ is the failover target). */
    readonly readers: number;
    readonly deletionProtection: boolean;
    /** Days of Aurora point-in-time recovery (independent of the AWS Backup plan). */
    readonly pitrDays: number;
  };
  readonly cache: {
    readonly nodeType: string;
    /** Replicas beside the primary; ≥ 1 turns on Multi-AZ automatic failover. */
    readonly replicas: number;
  };
  readonly functions: {
    readonly memoryMb: number;
    readonly timeoutSeconds: number;
    /** Reserved concurrency of each HTTP function (caps what one feature can take). */
    readonly reservedConcurrency: number;
    /** Provisioned concurrency on each HTTP function's live alias; 0 = none. */
    readonly provisionedConcurrency: number;
    /** Reserved concurrency of each queue worker. */
    readonly workerConcurrency: number;
    readonly logRetentionDays: LogRetentionDays;
  };
  readonly api: {
    /** The stage-wide default of every route (requests per second, burst). */
    readonly throttleRatePerSecond: number;
    readonly throttleBurst: number;
    /** Routes of `hmac` entries (provider webhooks): their own budget, so a flood of them leaves the console's alone. */
    readonly webhookThrottle: Throttle;
    /** Routes of `public` entries (no token at all): the smallest budget. */
    readonly publicThrottle: Throttle;
  };
  /** The CloudFront edge in front of the API and the console. */
  readonly edge: {
    /** Requests one client IP may make in 5 minutes before the WAF blocks it for a while (AWS WAF's window). */
    readonly requestsPerIpPer5Minutes: number;
    /**
     * Bumped (by a commit) to make CloudFront send the origin secret's new value after
     * a rotation: CloudFormation resolves the secret only when the distribution changes
     * (docs/handbook/secrets.md).
     */
    readonly originSecretGeneration: number;
  };
  readonly backup: {
    /** Days a daily AWS Backup recovery point is kept (RPO 24 h in every stage). */
    readonly retentionDays: number;
  };
  /** Auth0 tenant and API identifier the HTTP API's JWT authorizer and the functions trust. */
  readonly auth: {
    readonly issuerUrl: string;
    readonly audience: string;
    /** Client id of the Auth0 SPA application the agent console signs in with (docs/auth0.md). */
    readonly spaClientId: string;
  };
  /** Browser origins besides the stage's own CloudFront domain (e.g. a local SPA in development). */
  readonly extraWebOrigins: readonly string[];
  /** Stage-specific values for catalogue settings (SSM `/switchboard/<stage>/<KEY>`). */
  readonly settings: Partial<Record<SettingKey, string>>;
  /** Where alarm notifications are e-mailed (besides the SNS topic itself). */
  readonly alarmEmail?: string;
}

/** An API Gateway throttle: steady requests per second and burst. */
export interface Throttle {
  readonly ratePerSecond: number;
  readonly burst: number;
}

/** Retention values CloudWatch Logs accepts (a subset; see logs.RetentionDays). */
export type LogRetentionDays = 7 | 14 | 30 | 90 | 180 | 365;

/** Settings shared by the pipelines of all stages. */
export interface PipelineConfig {
  /** `owner/name` of the GitHub repository. */
  readonly repository: string;
  /** AWS Chatbot Slack workspace (team) id and channel id that get pipeline failures. */
  readonly slackWorkspaceId: string;
  readonly slackChannelId: string;
}

export const DEFAULT_REGION = 'us-west-2';

const AUTH0_TENANT = 'https://switchboard.us.auth0.com/';

/**
 * Placeholder account ids (replace before a first deploy: docs/deploy.md). One
 * account per stage; the non-production pipelines run in a delivery account,
 * production's in production's own account.
 */
export const ACCOUNTS = {
  delivery: '111111111111',
  development: '222222222222',
  staging: '333333333333',
  production: '444444444444',
} as const;
const connection = (account: string) => `arn:aws:codeconnections:${DEFAULT_REGION}:${account}:connection/00000000-0000-0000-0000-000000000000`;
/** Placeholder: the Auth0 SPA application's client id, set before a first deploy (docs/deploy.md). */
const AUTH0_SPA_CLIENT_ID = 'REPLACE-WITH-AUTH0-SPA-CLIENT-ID';

export const STAGES: Readonly<Record<StageName, StageConfig>> = {
  development: {
    name: 'development',
    account: ACCOUNTS.development,
    delivery: { account: ACCOUNTS.delivery, connectionArn: connection(ACCOUNTS.delivery) },
    branch: 'development',
    region: DEFAULT_REGION,
    manualApproval: false,
    network: { natGateways: 1 },
    database: { minAcu: 0.5, maxAcu: 4, readers: 0, deletionProtection: false, pitrDays: 1 },
    cache: { nodeType: 'cache.t4g.micro', replicas: 0 },
    functions: { memoryMb: 1024, timeoutSeconds: 15, reservedConcurrency: 10, provisionedConcurrency: 0, workerConcurrency: 2, logRetentionDays: 14 },
    api: { throttleRatePerSecond: 50, throttleBurst: 100, webhookThrottle: { ratePerSecond: 20, burst: 40 }, publicThrottle: { ratePerSecond: 5, burst: 10 } },
    edge: { requestsPerIpPer5Minutes: 2000, originSecretGeneration: 1 },
    backup: { retentionDays: 7 },
    auth: { issuerUrl: AUTH0_TENANT, audience: 'https://api.switchboard.dev', spaClientId: AUTH0_SPA_CLIENT_ID },
    extraWebOrigins: ['http://localhost:5173'],
    settings: { LOG_LEVEL: 'debug' },
  },
  staging: {
    name: 'staging',
    account: ACCOUNTS.staging,
    delivery: { account: ACCOUNTS.delivery, connectionArn: connection(ACCOUNTS.delivery) },
    branch: 'staging',
    region: DEFAULT_REGION,
    manualApproval: true,
    network: { natGateways: 1 },
    database: { minAcu: 0.5, maxAcu: 8, readers: 0, deletionProtection: false, pitrDays: 7 },
    cache: { nodeType: 'cache.t4g.small', replicas: 0 },
    functions: { memoryMb: 1024, timeoutSeconds: 15, reservedConcurrency: 50, provisionedConcurrency: 0, workerConcurrency: 5, logRetentionDays: 30 },
    api: {
      throttleRatePerSecond: 200,
      throttleBurst: 400,
      webhookThrottle: { ratePerSecond: 50, burst: 100 },
      publicThrottle: { ratePerSecond: 10, burst: 20 },
    },
    edge: { requestsPerIpPer5Minutes: 5000, originSecretGeneration: 1 },
    backup: { retentionDays: 14 },
    auth: { issuerUrl: AUTH0_TENANT, audience: 'https://api.switchboard.staging', spaClientId: AUTH0_SPA_CLIENT_ID },
    extraWebOrigins: [],
    settings: { LOG_LEVEL: 'info' },
  },
  production: {
    name: 'production',
    account: ACCOUNTS.production,
    delivery: { account: ACCOUNTS.production, connectionArn: connection(ACCOUNTS.production) },
    branch: 'main',
    region: DEFAULT_REGION,
    manualApproval: true,
    network: { natGateways: 2 },
    database: { minAcu: 1, maxAcu: 16, readers: 1, deletionProtection: true, pitrDays: 14 },
    cache: { nodeType: 'cache.t4g.medium', replicas: 1 },
    functions: { memoryMb: 1536, timeoutSeconds: 15, reservedConcurrency: 100, provisionedConcurrency: 2, workerConcurrency: 10, logRetentionDays: 90 },
    api: {
      throttleRatePerSecond: 1000,
      throttleBurst: 2000,
      webhookThrottle: { ratePerSecond: 200, burst: 400 },
      publicThrottle: { ratePerSecond: 20, burst: 40 },
    },
    edge: { requestsPerIpPer5Minutes: 10000, originSecretGeneration: 1 },
    backup: { retentionDays: 35 },
    auth: { issuerUrl: AUTH0_TENANT, audience: 'https://api.switchboard.app', spaClientId: AUTH0_SPA_CLIENT_ID },
    extraWebOrigins: [],
    settings: { LOG_LEVEL: 'info' },
  },
};

export const PIPELINE: PipelineConfig = {
  repository: 'switchboard-cc/switchboard',
  slackWorkspaceId: 'T00000000',
  slackChannelId: 'C00000000',
};

/**
 * Applies `-c key=value` overrides (or cdk.context.json): the pipeline's `repository`,
 * `slackWorkspaceId`, `slackChannelId`; `alarmEmail` for every stage; per stage
 * `<stage>.account`, `<stage>.deliveryAccount`, `<stage>.connectionArn`,
 * `<stage>.alarmEmail`, `<stage>.authIssuerUrl`, `<stage>.authAudience`,
 * `<stage>.authSpaClientId`. `account` (with `connectionArn`) puts every stage and
 * every pipeline in that one account: a trial only (the synth warns).
 */
export function resolveConfig(context: (key: string) => unknown): { stages: Record<StageName, StageConfig>; pipeline: PipelineConfig } {
  const str = (key: string): string | undefined => {
    const v = context(key);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const pipeline: PipelineConfig = {
    repository: str('repository') ?? PIPELINE.repository,
    slackWorkspaceId: str('slackWorkspaceId') ?? PIPELINE.slackWorkspaceId,
    slackChannelId: str('slackChannelId') ?? PIPELINE.slackChannelId,
  };
  const single = str('account');
  const stages = Object.fromEntries(
    STAGE_NAMES.map((name) => {
      const base = STAGES[name];
      const stage: StageConfig = {
        ...base,
        account: str(`${name}.account`) ?? single ?? base.account,
        delivery: {
          account: str(`${name}.deliveryAccount`) ?? single ?? base.delivery.account,
          connectionArn: str(`${name}.connectionArn`) ?? str('connectionArn') ?? base.delivery.connectionArn,
        },
        alarmEmail: str(`${name}.alarmEmail`) ?? str('alarmEmail') ?? base.alarmEmail,
        auth: {
          issuerUrl: normaliseIssuer(str(`${name}.authIssuerUrl`) ?? base.auth.issuerUrl),
          audience: str(`${name}.authAudience`) ?? base.auth.audience,
          spaClientId: str(`${name}.authSpaClientId`) ?? base.auth.spaClientId,
        },
      };
      return [name, stage];
    }),
  ) as Record<StageName, StageConfig>;
  return { stages, pipeline };
}

/** The config lib normalises the issuer to end with `/`; the authorizer must match it exactly. */
function normaliseIssuer(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** Physical-name prefix of a stage's resources (`switchboard-production`). */
export function stagePrefix(stage: StageConfig): string {
  return `switchboard-${stage.name}`;
}

/**
 * Why this configuration is not an account per stage, or undefined when it is:
 * production shares its account with another stage, or trusts another stage's
 * pipeline account.
 */
export function sharedAccountProblem(stages: Record<StageName, StageConfig>): string | undefined {
  const production = stages.production;
  const others = STAGE_NAMES.filter((n) => n !== 'production').map((n) => stages[n]);
  const shared = others.filter((s) => s.account === production.account).map((s) => s.name);
  if (shared.length > 0) return `production shares account ${production.account} with ${shared.join(' and ')}`;
  if (
    production.delivery.account !== production.account &&
    others.some((s) => s.delivery.account === production.delivery.account || s.account === production.delivery.account)
  ) {
    return `production's pipeline account ${production.delivery.account} also serves another stage`;
  }
  if (others.some((s) => s.delivery.account === production.account)) return `a non-production pipeline runs in production's account ${production.account}`;
  return undefined;
}
