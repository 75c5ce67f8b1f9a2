import { Inject, Injectable } from '@nestjs/common';
import { AppCache } from '#switchboard/cache';
import { callReportsCacheGroup } from '#switchboard/calls';
import { CampaignsService } from '#switchboard/campaigns';
import { ValidationError } from '#switchboard/common';
import type { ConfigType } from '#switchboard/config';
import { Database } from '#switchboard/database';
import type { AgentReportItemDto, AgentsReportDto, CampaignReportDto } from './dto/report.dto.js';
import { type DispositionRow, toFigures } from './report-figures.js';
import { reportsConfig } from './reports.config.js';
import { CampaignNotFoundError } from './reports.errors.js';

// Finished calls only: an in-progress provider call has no disposition or talk time yet.
const FIGURES = `
  disposition,
  count(*)::int AS calls,
  count(answered_at)::int AS answered,
  COALESCE(sum(GREATEST(extract(epoch FROM ended_at - answered_at), 0)) FILTER (WHERE answered_at IS NOT NULL), 0)::float8 AS "talkSeconds"`;

/**
 * Report figures, computed from the calls table and cached per tenant. Every
 * write of a call of the tenant invalidates the group (calls lib), and entries
 * carry a TTL of REPORTS_CACHE_TTL_SECONDS besides.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly db: Database,
    private readonly campaigns: CampaignsService,
    private readonly cache: AppCache,
    @Inject(reportsConfig.KEY) private readonly cfg: ConfigType<typeof reportsConfig>,
  ) {}

  /** Figures of one campaign of the tenant; another tenant's campaign is 404. */
  campaign(tenantId: string, campaignId: string): Promise<CampaignReportDto> {
    // The existence check runs inside the cached computation: a hit costs one cache
    // read, and an error (404) is never cached. Campaigns are never deleted.
    return this.cache.wrapInGroup(callReportsCacheGroup(tenantId), `campaign:${campaignId}`, async () => {
      if (!(await this.campaigns.exists(tenantId, campaignId))) throw new CampaignNotFoundError();
      const rows = await this.db.query<DispositionRow>(
        `SELECT ${FIGURES} FROM calls
         WHERE tenant_id = $1 AND campaign_id = $2 AND ended_at IS NOT NULL
         GROUP BY disposition`,
        [tenantId, campaignId],
      );
      return { campaignId, ...toFigures(rows) };
    }, this.cfg.cacheTtlSeconds);
  }

  /** Figures per agent over calls started in `[from, to)` (either bound optional). */
  agents(tenantId: string, fromIso?: string, toIso?: string): Promise<AgentsReportDto> {
    const from = fromIso ? new Date(fromIso) : null;
    const to = toIso ? new Date(toIso) : null;
    if (from && to && to <= from) throw new ValidationError([{ field: 'to', code: 'NOT_AFTER_FROM', message: 'to must be after from.' }]);
    const key = `agents:${from?.toISOString() ?? ''}:${to?.toISOString() ?? ''}`;
    return this.cache.wrapInGroup(callReportsCacheGroup(tenantId), key, async () => {
      const rows = await this.db.query<DispositionRow & { agentId: string }>(
        `SELECT agent_id AS "agentId", ${FIGURES} FROM calls
         WHERE tenant_id = $1 AND agent_id IS NOT NULL AND ended_at IS NOT NULL
           AND ($2::timestamptz IS NULL OR started_at >= $2) AND ($3::timestamptz IS NULL OR started_at < $3)
         GROUP BY agent_id, disposition ORDER BY agent_id`,
        [tenantId, from, to],
      );
      const byAgent = new Map<string, DispositionRow[]>();
      for (const row of rows) byAgent.set(row.agentId, [...(byAgent.get(row.agentId) ?? []), row]);
      const items: AgentReportItemDto[] = [...byAgent].map(([agentId, agentRows]) => ({ agentId, ...toFigures(agentRows) }));
      return { items };
    }, this.cfg.cacheTtlSeconds);
  }
}
