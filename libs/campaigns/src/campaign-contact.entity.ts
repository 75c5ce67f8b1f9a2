import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Campaign } from './campaign.entity.js';

export const CAMPAIGN_CONTACT_STATES = ['pending', 'leased', 'scheduled', 'done', 'exhausted'] as const;
export type CampaignContactState = (typeof CAMPAIGN_CONTACT_STATES)[number];

/**
 * A contact's place in a campaign (a row of `campaign_contacts`, keyed by
 * campaign and contact): pending → leased (to one agent until the lease
 * expires) → done when a call is logged; a callback returns it to pending.
 * `contactId` and `leasedTo` are ids of other features' rows, not relations.
 */
@Entity({ name: 'campaign_contacts' })
@Check('campaign_contacts_state_check', `state IN ('pending', 'leased', 'scheduled', 'done', 'exhausted')`)
@Check('campaign_contacts_lease_check', `(state = 'leased') = (lease_expires_at IS NOT NULL) AND (state <> 'leased' OR leased_to IS NOT NULL)`)
// next-contact's pick, one ordered probe per zone inside its calling hours.
@Index('campaign_contacts_pick_idx', ['campaignId', 'timeZone', 'priority', 'availableAt', 'contactId'], {
  where: `state IN ('pending', 'leased', 'scheduled')`,
})
@Index('campaign_contacts_callback_owner_idx', ['callbackOwner', 'nextAttemptAt'], { where: `state = 'scheduled' AND callback_owner IS NOT NULL` })
@Index('campaign_contacts_leased_to_idx', ['campaignId', 'leasedTo'], { where: `state = 'leased'` })
@Index('campaign_contacts_contact_idx', ['tenantId', 'contactId'])
export class CampaignContact {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid', primaryKeyConstraintName: 'campaign_contacts_pkey' })
  @ForeignKey(() => Campaign, { name: 'campaign_contacts_campaign_id_fkey', onDelete: 'CASCADE' })
  campaignId: string;

  @PrimaryColumn({ name: 'contact_id', type: 'uuid', primaryKeyConstraintName: 'campaign_contacts_pkey' })
  contactId: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ type: 'text', default: 'pending' })
  state: CampaignContactState;

  @Column({ name: 'leased_to', type: 'uuid', nullable: true })
  leasedTo: string | null;

  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true })
  leaseExpiresAt: Date | null;

  /** The callee's IANA time zone: the contact's own, else the campaign's (kept in step with the contact's). */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  /** When the row may be handed out: -infinity while pending, the lease's expiry while leased. */
  @Column({ name: 'available_at', type: 'timestamptz', default: () => "'-infinity'" })
  availableAt: Date;

  /** Calls that settled it, and those of `attemptsDay` (UTC) for the campaign's cap per day. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'attempts_day', type: 'date', nullable: true })
  attemptsDay: string | null;

  @Column({ name: 'day_attempts', type: 'integer', default: 0 })
  dayAttempts: number;

  @Column({ name: 'last_disposition', type: 'text', nullable: true })
  lastDisposition: string | null;

  /** While scheduled: when it may be dialled again (a retry, or a callback's time). */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  /** A callback's owner (an agent id): the only agent handed it until the campaign's grace has passed. */
  @Column({ name: 'callback_owner', type: 'uuid', nullable: true })
  callbackOwner: string | null;

  /** 0 for a scheduled callback (before fresh leads in the pick), 1 otherwise. */
  @Column({ type: 'smallint', default: 1 })
  priority: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
