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
  /** Unset: the account the pipeline runs in (one account for all stages). */
  readonly account?: string;
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
    readonly throttleRatePerSecond: number;
    readonly throttleBurst: number;
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

/** Retention values CloudWatch Logs accepts (a subset; see logs.RetentionDays). */
export type LogRetentionDays = 7 | 14 | 30 | 90 | 180 | 365;

/** Settings shared by the pipelines of all stages. */
export interface PipelineConfig {
  /** `owner/name` of the GitHub repository. */
  readonly repository: string;
  /** ARN of the CodeStar (CodeConnections) connection to GitHub, created once by hand. */
  readonly connectionArn: string;
  /** AWS Chatbot Slack workspace (team) id and channel id that get pipeline failures. */
  readonly slackWorkspaceId: string;
  readonly slackChannelId: string;
}

export const DEFAULT_REGION = 'us-west-2';

const AUTH0_TENANT = 'https://switchboard.us.auth0.com/';
/** Placeholder: the Auth0 SPA application's client id, set before a first deploy (docs/deploy.md). */
const AUTH0_SPA_CLIENT_ID = 'REPLACE-WITH-AUTH0-SPA-CLIENT-ID';

export const STAGES: Readonly<Record<StageName, StageConfig>> = {
  development: {
    name: 'development',
    branch: 'development',
    region: DEFAULT_REGION,
    manualApproval: false,
    network: { natGateways: 1 },
    database: { minAcu: 0.5, maxAcu: 4, readers: 0, deletionProtection: false, pitrDays: 1 },
    cache: { nodeType: 'cache.t4g.micro', replicas: 0 },
    functions: { memoryMb: 1024, timeoutSeconds: 15, reservedConcurrency: 10, provisionedConcurrency: 0, workerConcurrency: 2, logRetentionDays: 14 },
    api: { throttleRatePerSecond: 50, throttleBurst: 100 },
    backup: { retentionDays: 7 },
    auth: { issuerUrl: AUTH0_TENANT, audience: 'https://api.switchboard.dev', spaClientId: AUTH0_SPA_CLIENT_ID },
    extraWebOrigins: ['http://localhost:5173'],
    settings: { LOG_LEVEL: 'debug' },
  },
  staging: {
    name: 'staging',
    branch: 'staging',
    region: DEFAULT_REGION,
    manualApproval: true,
    network: { natGateways: 1 },
    database: { minAcu: 0.5, maxAcu: 8, readers: 0, deletionProtection: false, pitrDays: 7 },
    cache: { nodeType: 'cache.t4g.small', replicas: 0 },
    functions: { memoryMb: 1024, timeoutSeconds: 15, reservedConcurrency: 50, provisionedConcurrency: 0, workerConcurrency: 5, logRetentionDays: 30 },
    api: { throttleRatePerSecond: 200, throttleBurst: 400 },
    backup: { retentionDays: 14 },
    auth: { issuerUrl: AUTH0_TENANT, audience: 'https://api.switchboard.staging', spaClientId: AUTH0_SPA_CLIENT_ID },
    extraWebOrigins: [],
    settings: { LOG_LEVEL: 'info' },
  },
  production: {
    name: 'production',
    branch: 'main',
    region: DEFAULT_REGION,
    manualApproval: true,
    network: { natGateways: 2 },
    database: { minAcu: 1, maxAcu: 16, readers: 1, deletionProtection: true, pitrDays: 14 },
    cache: { nodeType: 'cache.t4g.medium', replicas: 1 },
    functions: { memoryMb: 1536, timeoutSeconds: 15, reservedConcurrency: 100, provisionedConcurrency: 2, workerConcurrency: 10, logRetentionDays: 90 },
    api: { throttleRatePerSecond: 1000, throttleBurst: 2000 },
    backup: { retentionDays: 35 },
    auth: { issuerUrl: AUTH0_TENANT, audience: 'https://api.switchboard.app', spaClientId: AUTH0_SPA_CLIENT_ID },
    extraWebOrigins: [],
    settings: { LOG_LEVEL: 'info' },
  },
};

export const PIPELINE: PipelineConfig = {
  repository: 'switchboard-cc/switchboard',
  connectionArn: 'arn:aws:codeconnections:us-west-2:111111111111:connection/00000000-0000-0000-0000-000000000000',
  slackWorkspaceId: 'T00000000',
  slackChannelId: 'C00000000',
};

/**
 * Applies `-c key=value` overrides (or cdk.context.json): the pipeline's `repository`,
 * `connectionArn`, `slackWorkspaceId`, `slackChannelId`; `account` and `alarmEmail` for
 * every stage; and per stage `<stage>.account`, `<stage>.alarmEmail`,
 * `<stage>.authIssuerUrl`, `<stage>.authAudience`.
 */
export function resolveConfig(context: (key: string) => unknown): { stages: Record<StageName, StageConfig>; pipeline: PipelineConfig } {
  const str = (key: string): string | undefined => {
    const v = context(key);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const pipeline: PipelineConfig = {
    repository: str('repository') ?? PIPELINE.repository,
    connectionArn: str('connectionArn') ?? PIPELINE.connectionArn,
    slackWorkspaceId: str('slackWorkspaceId') ?? PIPELINE.slackWorkspaceId,
    slackChannelId: str('slackChannelId') ?? PIPELINE.slackChannelId,
  };
  const stages = Object.fromEntries(
    STAGE_NAMES.map((name) => {
      const base = STAGES[name];
      const stage: StageConfig = {
        ...base,
        account: str(`${name}.account`) ?? str('account') ?? base.account,
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
