import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequirePermissions } from '@switchboard/auth';
import { AgentsReportQueryDto } from './dto/agents-report-query.dto.js';
import { AgentsReportDto, CampaignReportDto } from './dto/report.dto.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid token' })
@ApiForbiddenResponse({ description: 'Missing reports:read' })
@RequirePermissions('reports:read')
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('campaigns/:id')
  @ApiOperation({ summary: 'Figures of one campaign: calls, answer rate, talk time, dispositions' })
  @ApiOkResponse({ type: CampaignReportDto })
  @ApiBadRequestResponse({ description: 'Malformed id' })
  @ApiNotFoundResponse({ description: 'No such campaign in this tenant (CAMPAIGN.NOT_FOUND)' })
  campaign(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<CampaignReportDto> {
    return this.reports.campaign(principal.tenantId, id);
  }

  @Get('agents')
  @ApiOperation({ summary: 'Figures per agent over calls started in [from, to)' })
  @ApiOkResponse({ type: AgentsReportDto })
  @ApiBadRequestResponse({ description: 'Invalid from/to, or to not after from' })
  agents(@CurrentPrincipal() principal: Principal, @Query() query: AgentsReportQueryDto): Promise<AgentsReportDto> {
    return this.reports.agents(principal.tenantId, query.from, query.to);
  }
}
