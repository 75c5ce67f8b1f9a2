import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'completed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

@Entity('campaigns')
export class Campaign {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

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

  @Column({ type: 'text' })
  status: CampaignStatus;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** The entity's columns under their property names, for raw `RETURNING` clauses. */
export const CAMPAIGN_COLUMNS = `id, tenant_id AS "tenantId", name, caller_id AS "callerId", timezone,
  window_start AS "windowStart", window_end AS "windowEnd", status, version,
  created_at AS "createdAt", updated_at AS "updatedAt"`;
