import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequirePermissions } from '#switchboard/auth';
import { ApiAuthenticated, ApiProblem, ETAG_HEADER, type Page, PageType, uuidParam } from '#switchboard/common';
import { CallsService } from './calls.service.js';
import { CallDto, toCallDto } from './dto/call.dto.js';
import { CreateCallDto } from './dto/create-call.dto.js';
import { ListCallsQueryDto } from './dto/list-calls-query.dto.js';

@ApiTags('calls')
@ApiAuthenticated()
@Controller('v1/calls')
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  @Post()
  @HttpCode(201)
  @RequirePermissions('calls:write')
  @ApiOperation({ summary: 'Log a finished call; updates the contact status and the campaign contact in one transaction' })
  @ApiCreatedResponse({ type: CallDto, headers: ETAG_HEADER })
  @ApiProblem(400, 'Invalid body, or times out of order')
  @ApiProblem(404, 'Unknown contact (CONTACT.NOT_FOUND) or campaign (CAMPAIGN.NOT_FOUND)')
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateCallDto): Promise<CallDto> {
    return toCallDto(await this.calls.create({ tenantId: principal.tenantId, agentId: principal.agentId }, dto));
  }

  @Get()
  @RequirePermissions('calls:read')
  @ApiOperation({ summary: 'List calls, newest first; from/to are half-open on startedAt' })
  @ApiOkResponse({ type: PageType(CallDto) })
  @ApiProblem(400, 'Invalid filter, limit or cursor')
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListCallsQueryDto): Promise<Page<CallDto>> {
    const page = await this.calls.list(principal.tenantId, query);
    return { items: page.items.map(toCallDto), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @RequirePermissions('calls:read')
  @ApiOperation({ summary: 'One call' })
  @ApiOkResponse({ type: CallDto, headers: ETAG_HEADER })
  @ApiProblem(400, 'Malformed id (INVALID_UUID field error)')
  @ApiProblem(404, 'No such call in this tenant (CALL.NOT_FOUND)')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam()) id: string): Promise<CallDto> {
    return toCallDto(await this.calls.get(principal.tenantId, id));
  }
}
