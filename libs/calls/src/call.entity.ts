import { VersionedTenantResource } from '#switchboard/database';
import { Check, Column, Entity, Index } from 'typeorm';
import type { CallDirection, CallDisposition } from './call-disposition.js';

/**
 * One interaction with a contact. Logged by an agent (`POST /v1/calls`) or built
 * up from the telephony provider's events (keyed by `providerCallId`), in which
 * case any field may still be unknown while the call is in progress. Links to
 * contacts, agents and campaigns are plain id columns: features stay separable.
 */
@Entity({ name: 'calls' })
@Check('calls_direction_check', `direction IN ('inbound', 'outbound')`)
@Check('calls_disposition_check', `disposition IN ('sale', 'no_answer', 'busy', 'voicemail', 'callback', 'not_interested', 'wrong_number', 'do_not_call')`)
// Each list filter's index in the list's own order (created_at desc, id desc):
// descending columns TypeORM cannot express, so schema sync leaves them alone.
@Index('calls_tenant_created_idx', { synchronize: false })
@Index('calls_tenant_contact_idx', { synchronize: false })
@Index('calls_tenant_agent_idx', { synchronize: false })
@Index('calls_tenant_campaign_idx', { synchronize: false })
@Index('calls_tenant_started_idx', ['tenantId', 'startedAt'])
@Index('calls_tenant_provider_call_key', ['tenantId', 'providerCallId'], { unique: true, where: 'provider_call_id IS NOT NULL' })
export class Call extends VersionedTenantResource {
  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ name: 'contact_phone', type: 'text', nullable: true })
  contactPhone: string | null;

  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId: string | null;

  @Column({ name: 'campaign_id', type: 'uuid', nullable: true })
  campaignId: string | null;

  @Column({ type: 'text', nullable: true })
  direction: CallDirection | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  disposition: CallDisposition | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ name: 'provider_call_id', type: 'text', nullable: true })
  providerCallId: string | null;

  @Column({ name: 'recording_url', type: 'text', nullable: true })
  recordingUrl: string | null;

  /** When an agent logged the call (`POST /v1/calls`); from then on the agent's disposition wins over the provider's. */
  @Column({ name: 'logged_at', type: 'timestamptz', nullable: true })
  loggedAt: Date | null;

  /**
   * Which timestamps the provider has reported (PROVIDER_REPORTED bits): a reported
   * one is the provider's and no agent log replaces it; one not reported yet may
   * hold the agent's value until the provider's event arrives.
   */
  @Column({ name: 'provider_reported', type: 'smallint', default: 0 })
  providerReported: number;

  /**
   * The disposition whose outcome (contact status, campaign contact) was applied;
   * null until the call ended with one. The outcome is applied again only when the
   * call's disposition changes (an agent's log after the provider's end).
   */
  @Column({ name: 'outcome_disposition', type: 'text', nullable: true })
  outcomeDisposition: CallDisposition | null;
}

/** Bits of `Call.providerReported`. */
export const PROVIDER_REPORTED = { startedAt: 1, answeredAt: 2, endedAt: 4 } as const;
