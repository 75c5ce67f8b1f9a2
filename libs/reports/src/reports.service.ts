import { Inject, Injectable } from '@nestjs/common';
import { AppCache } from '#switchboard/cache';
import { CallsRepository, callReportsCacheGroup, type DispositionRow } from '#switchboard/calls';
import { CampaignsService } from '#switchboard/campaigns';
import { ValidationError } from '#switchboard/common';
import type { ConfigType } from '#switchboard/config';
import type { AgentReportItemDto, AgentsReportDto, CampaignReportDto } from './dto/report.dto.js';
import { toFigures } from './report-figures.js';
import { reportsConfig } from './reports.config.js';
import { CampaignNotFoundError } from './reports.errors.js';

/**
 * Report figures, aggregated by the calls table's owner and cached per tenant. Every
 * write of a call of the tenant invalidates the group (calls lib), and entries
 * carry a TTL of REPORTS_CACHE_TTL_SECONDS besides.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly calls: CallsRepository,
    private readonly campaigns: CampaignsService,
    private readonly cache: AppCache,
    @Inject(reportsConfig.KEY) private readonly cfg: ConfigType<typeof reportsConfig>,
  ) {}

  /** Figures of one campaign of the tenant; another tenant's campaign is 404. */
  campaign(tenantId: string, campaignId: string): Promise<CampaignReportDto> {
    // The existence check runs inside the cached computation: a hit costs one cache
    // read, and an error (404) is never cached. Campaigns are never deleted.
    return this.cache.wrapInGroup(
      callReportsCacheGroup(tenantId),
      `campaign:${campaignId}`,
      async () => {
        if (!(await this.campaigns.exists(tenantId, campaignId))) throw new CampaignNotFoundError();
        return { campaignId, ...toFigures(await this.calls.campaignFigures(tenantId, campaignId)) };
      },
      this.cfg.cacheTtlSeconds,
    );
  }

  /** Figures per agent over calls started in `[from, to)` (either bound optional). */
  agents(tenantId: string, fromIso?: string, toIso?: string): Promise<AgentsReportDto> {
    const from = fromIso ? new Date(fromIso) : null;
    const to = toIso ? new Date(toIso) : null;
    if (from && to && to <= from) throw new ValidationError([{ field: 'to', code: 'NOT_AFTER_FROM', message: 'to must be after from.' }]);
    const key = `agents:${from?.toISOString() ?? ''}:${to?.toISOString() ?? ''}`;
    return this.cache.wrapInGroup(
      callReportsCacheGroup(tenantId),
      key,
      async () => {
        const rows = await this.calls.agentFigures(tenantId, from, to);
        const byAgent = new Map<string, DispositionRow[]>();
        for (const row of rows) byAgent.set(row.agentId, [...(byAgent.get(row.agentId) ?? []), row]);
        const items: AgentReportItemDto[] = [...byAgent].map(([agentId, agentRows]) => ({ agentId, ...toFigures(agentRows) }));
        return { items };
      },
      this.cfg.cacheTtlSeconds,
    );
  }
}
