import { randomUUID } from 'node:crypto';
import type { FixedClock } from '#switchboard/common';
import type { Type } from '@nestjs/common';
import { CampaignsModule, type CampaignDto } from '#switchboard/campaigns';
import { startFeatureHarness, type FeatureHarness } from '../../support/feature-harness.js';

export type { ApiResponse } from '../../support/feature-harness.js';

export interface CampaignsHarness extends FeatureHarness {
  /** Creates a campaign; without a window in `overrides`, a round-the-clock one, with the token's tenant's legal hours opened to match. */
  createCampaign(token: string, overrides?: Record<string, unknown>): Promise<CampaignDto>;
  /** Sets a tenant's legal calling hours straight in the database. */
  setCallingHours(tenant: string, start: string, end: string): Promise<void>;
  insertContacts(tenant: string, count: number, fields?: { status?: string; deleted?: boolean }): Promise<string[]>;
}

let phoneSeq = 0;

/** Boots the campaigns module (with `extra` modules) behind a real token issuer, plus a SQL client on its database. */
export async function startCampaignsHarness(options: { clock?: FixedClock; env?: Record<string, string>; modules?: Type[] } = {}): Promise<CampaignsHarness> {
  const base = await startFeatureHarness([...(options.modules ?? []), CampaignsModule], { env: options.env, clock: options.clock });
  const { api, sql } = base;

  const setCallingHours = async (tenant: string, start: string, end: string) => {
    await sql.query(
      `INSERT INTO tenant_settings (tenant_id, calling_hours_start, calling_hours_end) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET calling_hours_start = $2, calling_hours_end = $3`,
      [tenant, start, end],
    );
  };
  const tenantOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { org_id: string }).org_id;

  return {
    ...base,
    setCallingHours,
    createCampaign: async (token, overrides = {}) => {
      if (!('window' in overrides)) await setCallingHours(tenantOf(token), '00:00', '23:59');
      const res = await api<CampaignDto>('POST', '/v1/campaigns', token, {
        name: 'Spring renewals',
        callerId: '+14155550100',
        timezone: 'UTC',
        window: { start: '00:00', end: '23:59' },
        ...overrides,
      });
      if (res.status !== 201) throw new Error(`create campaign: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    insertContacts: async (tenant, count, fields = {}) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const id = randomUUID();
        phoneSeq += 1;
        await sql.query(`INSERT INTO contacts (id, tenant_id, name, phone, email, status, deleted_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
          id,
          tenant,
          `Contact ${phoneSeq}`,
          `+1415555${String(phoneSeq).padStart(4, '0')}`,
          `c${phoneSeq}@example.com`,
          fields.status ?? 'new',
          fields.deleted ? new Date() : null,
        ]);
        ids.push(id);
      }
      return ids;
    },
  };
}
