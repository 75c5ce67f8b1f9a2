import { Inject, Injectable } from '@nestjs/common';
import { AgentStateHistoryRepository, AgentStates, type TimeInStateRow } from '#switchboard/agents';
import { AppCache } from '#switchboard/cache';
import { CallsRepository, callReportsCacheGroup, type DispositionRow } from '#switchboard/calls';
import { CampaignsService } from '#switchboard/campaigns';
import { Clock, ValidationError } from '#switchboard/common';
import type { ConfigType } from '#switchboard/config';
import type { AgentReportItemDto, AgentsReportDto, CampaignReportDto } from './dto/report.dto.js';
import { toFigures, type ReportFigures } from './report-figures.js';
import { reportsConfig } from './reports.config.js';
import { CampaignNotFoundError } from './reports.errors.js';
import { toStateFigures } from './state-figures.js';

/**
 * Report figures, aggregated by the calls table's owner and cached per tenant. Every
 * write of a call of the tenant invalidates the group (calls lib), and entries
 * carry a TTL of REPORTS_CACHE_TTL_SECONDS besides. Time in each agent state
 * is read from the state history at each request: its open stays run until now.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly calls: CallsRepository,
    private readonly campaigns: CampaignsService,
    private readonly cache: AppCache,
    private readonly stateHistory: AgentStateHistoryRepository,
    private readonly agentStates: AgentStates,
    private readonly clock: Clock,
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

  /**
   * Figures per agent over calls started in `[from, to)` (either bound optional),
   * with the time each agent spent in each state and on each break reason in
   * that range. Agents with calls or time in a state are listed, by agentId.
   */
  async agents(tenantId: string, fromIso?: string, toIso?: string): Promise<AgentsReportDto> {
    const from = fromIso ? new Date(fromIso) : null;
    const to = toIso ? new Date(toIso) : null;
    if (from && to && to <= from) throw new ValidationError([{ field: 'to', code: 'NOT_AFTER_FROM', message: 'to must be after from.' }]);
    const [callFigures, stateRows] = await Promise.all([this.agentCallFigures(tenantId, from, to), this.timeInStates(tenantId, from, to)]);
    const byAgent = new Map<string, TimeInStateRow[]>();
    for (const row of stateRows) byAgent.set(row.agentId, [...(byAgent.get(row.agentId) ?? []), row]);
    const agentIds = [...new Set([...callFigures.keys(), ...byAgent.keys()])].sort();
    const items: AgentReportItemDto[] = agentIds.map((agentId) => ({
      agentId,
      ...(callFigures.get(agentId) ?? toFigures([])),
      ...toStateFigures(byAgent.get(agentId) ?? []),
    }));
    return { items };
  }

  /** Call figures per agent, cached in the tenant's reports group. */
  private async agentCallFigures(tenantId: string, from: Date | null, to: Date | null): Promise<Map<string, ReportFigures>> {
    const key = `agents:${from?.toISOString() ?? ''}:${to?.toISOString() ?? ''}`;
    const entries = await this.cache.wrapInGroup(
      callReportsCacheGroup(tenantId),
      key,
      async () => {
        const rows = await this.calls.agentFigures(tenantId, from, to);
        const byAgent = new Map<string, DispositionRow[]>();
        for (const row of rows) byAgent.set(row.agentId, [...(byAgent.get(row.agentId) ?? []), row]);
        return [...byAgent].map(([agentId, agentRows]) => ({ agentId, ...toFigures(agentRows) }));
      },
      this.cfg.cacheTtlSeconds,
    );
    return new Map(entries.map(({ agentId, ...figures }) => [agentId, figures]));
  }

  /** Lapsed states are settled first, so a lapse counts as available from its time. */
  private async timeInStates(tenantId: string, from: Date | null, to: Date | null): Promise<TimeInStateRow[]> {
    await this.agentStates.settleLapsed(tenantId);
    return this.stateHistory.timeInStates(tenantId, from, to, this.clock.now());
  }
}
