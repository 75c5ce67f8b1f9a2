import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Campaign } from './campaign.entity.js';

export const CAMPAIGN_CONTACT_STATES = ['pending', 'leased', 'done'] as const;
export type CampaignContactState = (typeof CAMPAIGN_CONTACT_STATES)[number];

/**
 * A contact's place in a campaign (a row of `campaign_contacts`, keyed by
 * campaign and contact): pending → leased (to one agent until the lease
 * expires) → done when a call is logged; a callback returns it to pending.
 * `contactId` and `leasedTo` are ids of other features' rows, not relations.
 */
@Entity({ name: 'campaign_contacts' })
@Check('campaign_contacts_state_check', `state IN ('pending', 'leased', 'done')`)
@Check('campaign_contacts_lease_check', `(state = 'leased') = (lease_expires_at IS NOT NULL) AND (state <> 'leased' OR leased_to IS NOT NULL)`)
// next-contact's pick: an expression column in the query's ORDER BY, which TypeORM cannot express.
@Index('campaign_contacts_available_idx', { synchronize: false })
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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
