import { VersionedTenantResource } from '#switchboard/database';
import { Check, Column, Entity, Index } from 'typeorm';

export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'completed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** A campaign's rule for one disposition: retry after `delayMinutes`, up to `maxAttempts` attempts in all. */
export interface RetryRule {
  disposition: string;
  delayMinutes: number;
  maxAttempts: number;
}

/** An outbound campaign: a row of `campaigns`. The dialling window is local time in `timezone`. */
@Entity({ name: 'campaigns' })
@Check('campaigns_status_check', `status IN ('draft', 'active', 'paused', 'completed')`)
@Check(
  'campaigns_window_check',
  `window_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND window_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND window_start <> window_end`,
)
@Check('campaigns_wrap_up_seconds_check', `wrap_up_seconds BETWEEN 0 AND 3600`)
// GET /v1/campaigns in its order (created_at desc, id desc), with and without
// ?status: descending columns TypeORM cannot express, so schema sync leaves them alone.
@Index('campaigns_tenant_created_idx', { synchronize: false })
@Index('campaigns_tenant_status_created_idx', { synchronize: false })
export class Campaign extends VersionedTenantResource {
  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'caller_id', type: 'text' })
  callerId: string;

  @Column({ type: 'text' })
  timezone: string;

  @Column({ name: 'window_start', type: 'text' })
  windowStart: string;

  @Column({ name: 'window_end', type: 'text' })
  windowEnd: string;

  @Column({ type: 'text', default: 'draft' })
  status: CampaignStatus;

  /** How long an agent wraps up a call of this campaign before it is available again. */
  @Column({ name: 'wrap_up_seconds', type: 'integer', default: 30 })
  wrapUpSeconds: number;

  /** Per disposition: retry after `delayMinutes`, at most `maxAttempts` attempts. A disposition without a rule ends the lead. */
  @Column({ name: 'retry_rules', type: 'jsonb', default: () => "'[]'" })
  retryRules: RetryRule[];

  @Column({ name: 'max_attempts_per_day', type: 'integer', nullable: true })
  maxAttemptsPerDay: number | null;

  @Column({ name: 'callback_grace_minutes', type: 'integer', default: 15 })
  callbackGraceMinutes: number;

  @Column({ name: 'callback_default_delay_minutes', type: 'integer', default: 60 })
  callbackDefaultDelayMinutes: number;

  /** Every time zone its contacts have had: next-contact probes those inside their calling hours. */
  @Column({ name: 'time_zones', type: 'text', array: true, default: () => "'{}'" })
  timeZones: string[];
}
