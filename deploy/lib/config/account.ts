import { DEFAULT_REGION } from './stages.js';

/** One alternate contact of the account (operations, billing, security). */
export interface AccountContact {
  readonly name: string;
  readonly title: string;
  readonly email: string;
  readonly phone: string;
}

/** The account security baseline: deployed once per account, before the pipelines. */
export interface AccountBaselineConfig {
  readonly region: string;
  /** Who gets the security alarms (root sign-in, IAM/SG/trail changes, sign-in without MFA). */
  readonly securityEmail: string;
  readonly contacts: { readonly operations: AccountContact; readonly billing: AccountContact; readonly security: AccountContact };
  readonly passwordPolicy: { readonly minimumLength: number; readonly reusePrevention: number; readonly maxAgeDays: number };
  readonly audit: {
    /** Days audit log files stay in S3 (Glacier after 90). */
    readonly retentionDays: number;
    /** Days the trail's CloudWatch Logs copy is kept (what the metric filters read). */
    readonly cloudWatchDays: 90 | 180 | 365;
  };
  /** `appenv` values the developers group may operate on (EC2/ECS/RDS actions). */
  readonly developerEnvironments: readonly string[];
}

export const ACCOUNT_BASELINE: AccountBaselineConfig = {
  region: DEFAULT_REGION,
  securityEmail: 'security@switchboard.example',
  contacts: {
    operations: { name: 'Switchboard Operations', title: 'On-call', email: 'ops@switchboard.example', phone: '+1-206-555-0100' },
    billing: { name: 'Switchboard Finance', title: 'Billing', email: 'billing@switchboard.example', phone: '+1-206-555-0101' },
    security: { name: 'Switchboard Security', title: 'Security lead', email: 'security@switchboard.example', phone: '+1-206-555-0102' },
  },
  passwordPolicy: { minimumLength: 14, reusePrevention: 24, maxAgeDays: 90 },
  audit: { retentionDays: 2555, cloudWatchDays: 365 },
  developerEnvironments: ['development', 'staging'],
};

/** `-c securityEmail=…` overrides the committed address (keep real addresses out of git if needed). */
export function resolveAccountBaseline(context: (key: string) => unknown): AccountBaselineConfig {
  const email = context('securityEmail');
  return typeof email === 'string' && email !== '' ? { ...ACCOUNT_BASELINE, securityEmail: email } : ACCOUNT_BASELINE;
}
