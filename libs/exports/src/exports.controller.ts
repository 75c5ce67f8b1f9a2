import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '#switchboard/auth';
import { ApiAuthenticated, ApiProblem, uuidParam } from '#switchboard/common';
import { CreateExportDto, ExportAcceptedDto } from './dto/create-export.dto.js';
import { CallsExportFilterDto, CampaignContactsExportFilterDto, ContactsExportFilterDto } from './dto/export-filters.dto.js';
import { ExportDto } from './dto/export.dto.js';
import { ExportsService } from './exports.service.js';

@ApiTags('exports')
@ApiAuthenticated()
@ApiExtraModels(CallsExportFilterDto, ContactsExportFilterDto, CampaignContactsExportFilterDto)
@Controller('v1/exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Post()
  @HttpCode(202)
  @RequirePermissions('exports:write')
  @ApiOperation({ summary: 'Export calls, contacts or a campaign’s contacts as CSV: queued, produced by the exports worker; poll the export' })
  @ApiAcceptedResponse({ type: ExportAcceptedDto, description: 'Queued; poll GET /v1/exports/{id}' })
  @ApiProblem(404, 'CAMPAIGN.NOT_FOUND: a campaign-contacts export of a campaign the tenant does not have')
  @ApiProblem(503, 'The queue or the database is unavailable; nothing was queued, try again')
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateExportDto): Promise<ExportAcceptedDto> {
    return this.exports.start(p.tenantId, dto);
  }

  @Get(':id')
  @RequirePermissions('exports:read')
  @ApiOperation({ summary: 'Status and row count of an export, and a download link once completed' })
  @ApiOkResponse({ type: ExportDto })
  @ApiProblem(404, "EXPORT.NOT_FOUND (also for another tenant's export)")
  get(@CurrentPrincipal() p: Principal, @Param('id', uuidParam()) id: string): Promise<ExportDto> {
    return this.exports.get(p.tenantId, id);
  }
}
