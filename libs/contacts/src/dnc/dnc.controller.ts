import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '#switchboard/auth';
import { Accepts, ApiAuthenticated, ApiProblem, type Page, PageType, uuidParam } from '#switchboard/common';
import { ContactImportDto, ImportAcceptedDto } from '../imports/dto/contact-import.dto.js';
import { MAX_IMPORT_ROWS } from '../imports/import-rows.js';
import { DncService } from './dnc.service.js';
import { AddDncNumbersDto, AddedDncNumbersDto, DncEntryDto, DncHistoryDto, ImportDncNumbersDto, ListDncHistoryQueryDto, RemoveDncDto } from './dto/dnc.dto.js';

const CSV_SCHEMA = {
  type: 'string',
  description: `CSV with a header row of phone and, optionally, reason. At most ${MAX_IMPORT_ROWS} rows.`,
  example: 'phone,reason\n+12025550123,Asked not to be called\n',
};

/** The tenant's do-not-call list. Routes with a fixed segment come before `:phone`. */
@ApiTags('dnc')
@ApiAuthenticated()
@ApiExtraModels(ImportDncNumbersDto)
@Controller('v1/dnc')
export class DncController {
  constructor(private readonly dnc: DncService) {}

  @Post()
  @HttpCode(200)
  @RequirePermissions('dnc:write')
  @ApiOperation({ summary: 'List one or many numbers (each with a reason); their contacts become do_not_call' })
  @ApiOkResponse({ type: AddedDncNumbersDto })
  add(@CurrentPrincipal() p: Principal, @Body() dto: AddDncNumbersDto): Promise<AddedDncNumbersDto> {
    return this.dnc.add(p.tenantId, p.agentId, dto);
  }

  @Get('history')
  @RequirePermissions('dnc:read')
  @ApiOperation({ summary: 'Every addition and removal, newest first (of one number, when asked)' })
  @ApiOkResponse({ type: PageType(DncHistoryDto) })
  history(@CurrentPrincipal() p: Principal, @Query() query: ListDncHistoryQueryDto): Promise<Page<DncHistoryDto>> {
    return this.dnc.historyOf(p.tenantId, query);
  }

  @Post('imports')
  @HttpCode(202)
  @RequirePermissions('dnc:write')
  @Accepts('application/json', 'text/csv')
  @ApiOperation({ summary: 'Import numbers (JSON or CSV, up to 5 MB): queued, listed with source import, progress at the job' })
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({ schema: { oneOf: [{ $ref: getSchemaPath(ImportDncNumbersDto) }, CSV_SCHEMA] } })
  @ApiAcceptedResponse({ type: ImportAcceptedDto, description: 'Queued; poll GET /v1/dnc/imports/{id}' })
  @ApiProblem(413, 'Body over IMPORT_BODY_LIMIT or too many rows')
  @ApiProblem(415, 'Neither application/json nor text/csv')
  startImport(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<ImportAcceptedDto> {
    return this.dnc.startImport(p.tenantId, p.agentId, body);
  }

  @Get('imports/:id')
  @RequirePermissions('dnc:read')
  @ApiOperation({ summary: 'Progress and row errors of a do-not-call import' })
  @ApiOkResponse({ type: ContactImportDto })
  @ApiProblem(404, 'CONTACT_IMPORT.NOT_FOUND')
  getImport(@CurrentPrincipal() p: Principal, @Param('id', uuidParam()) id: string): Promise<ContactImportDto> {
    return this.dnc.getImport(p.tenantId, id);
  }

  @Get(':phone')
  @RequirePermissions('dnc:read')
  @ApiOperation({ summary: 'Look a number up (any common spelling)' })
  @ApiOkResponse({ type: DncEntryDto })
  @ApiProblem(404, 'DNC.NOT_LISTED')
  lookUp(@CurrentPrincipal() p: Principal, @Param('phone') phone: string): Promise<DncEntryDto> {
    return this.dnc.lookUp(p.tenantId, phone);
  }

  @Delete(':phone')
  @HttpCode(204)
  @RequirePermissions('dnc:write')
  @ApiOperation({
    summary: 'Remove a number: its do_not_call contacts become new (callable) again; the removal is kept in the history with the reason the body gives',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblem(404, 'DNC.NOT_LISTED')
  remove(@CurrentPrincipal() p: Principal, @Param('phone') phone: string, @Body() body: RemoveDncDto = {}): Promise<void> {
    return this.dnc.remove(p.tenantId, p.agentId, phone, body.reason);
  }
}
