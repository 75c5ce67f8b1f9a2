import { VersionedTenantResource } from '@switchboard/database';
import { Column, Entity } from 'typeorm';

export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'completed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

@Entity('campaigns')
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

  @Column({ type: 'text' })
  status: CampaignStatus;
}

/** The entity's columns under their property names, for raw `RETURNING` clauses. */
export const CAMPAIGN_COLUMNS = `id, tenant_id AS "tenantId", name, caller_id AS "callerId", timezone,
  window_start AS "windowStart", window_end AS "windowEnd", status, version,
  created_at AS "createdAt", updated_at AS "updatedAt"`;
