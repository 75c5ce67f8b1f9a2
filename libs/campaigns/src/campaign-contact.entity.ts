import { Column, Entity, PrimaryColumn } from 'typeorm';

export type CampaignContactState = 'pending' | 'leased' | 'done';

/**
 * A contact's place in a campaign: pending → leased (to one agent until the lease
 * expires) → done when a call is logged; a callback returns it to pending.
 * `contactId` and `leasedTo` are ids of other features' rows, not relations.
 */
@Entity('campaign_contacts')
export class CampaignContact {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @PrimaryColumn({ name: 'contact_id', type: 'uuid' })
  contactId: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ type: 'text' })
  state: CampaignContactState;

  @Column({ name: 'leased_to', type: 'uuid', nullable: true })
  leasedTo: string | null;

  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true })
  leaseExpiresAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
