export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'completed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** A row of `campaigns` as `CAMPAIGN_COLUMNS` selects it (a type, not an interface, so it satisfies pg's row constraint). */
export type Campaign = {
  id: string;
  tenantId: string;
  name: string;
  callerId: string;
  timezone: string;
  windowStart: string;
  windowEnd: string;
  status: CampaignStatus;
  /** Optimistic-locking version behind `ETag`/`If-Match`. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

/** The table's columns under the type's property names, for `SELECT` and `RETURNING`. */
export const CAMPAIGN_COLUMNS = `id, tenant_id AS "tenantId", name, caller_id AS "callerId", timezone,
  window_start AS "windowStart", window_end AS "windowEnd", status, version,
  created_at AS "createdAt", updated_at AS "updatedAt"`;
