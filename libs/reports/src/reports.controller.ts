import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequirePermissions } from '#switchboard/auth';
import { ApiAuthenticated, ApiProblem, uuidParam } from '#switchboard/common';
import { AgentsReportQueryDto } from './dto/agents-report-query.dto.js';
import { AgentsReportDto, CampaignReportDto } from './dto/report.dto.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@ApiAuthenticated()
@RequirePermissions('reports:read')
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('campaigns/:id')
  @ApiOperation({ summary: 'Figures of one campaign: calls, answer rate, talk time, dispositions' })
  @ApiOkResponse({ type: CampaignReportDto })
  @ApiProblem(400, 'Malformed id (INVALID_UUID field error)')
  @ApiProblem(403, 'Needs reports:read')
  @ApiProblem(404, 'No such campaign in this tenant (CAMPAIGN.NOT_FOUND)')
  campaign(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam()) id: string): Promise<CampaignReportDto> {
    return this.reports.campaign(principal.tenantId, id);
  }

  @Get('agents')
  @ApiOperation({ summary: 'Figures per agent over calls started in [from, to)' })
  @ApiOkResponse({ type: AgentsReportDto })
  @ApiProblem(400, 'Invalid from/to, or to not after from')
  @ApiProblem(403, 'Needs reports:read')
  agents(@CurrentPrincipal() principal: Principal, @Query() query: AgentsReportQueryDto): Promise<AgentsReportDto> {
    return this.reports.agents(principal.tenantId, query.from, query.to);
  }
}
