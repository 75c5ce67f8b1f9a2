import { Body, Controller, Get, HttpCode, Param, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '#switchboard/auth';
import { ApiAuthenticated, type Page, PageQueryDto, PageType } from '#switchboard/common';
import { ApiProblems } from './api-problems.decorator.js';
import { CallbacksService } from './callbacks.service.js';
import { CallbackDto, ListCallbacksQueryDto, UpdateCallbackDto } from './dto/callback.dto.js';

/**
 * Scheduled callbacks. `/v1/me/callbacks` sits under the agents entry's `/v1/me`;
 * the campaigns entry owns that longer prefix, and API Gateway (like the
 * contract suite's router) routes the longest matching prefix.
 */
@ApiTags('campaigns')
@ApiAuthenticated()
@Controller('v1')
export class CallbacksController {
  constructor(private readonly callbacks: CallbacksService) {}

  @Get('me/callbacks')
  @RequirePermissions('calls:write')
  @ApiOperation({ summary: "The calling agent's callbacks, soonest first" })
  @ApiOkResponse({ type: PageType(CallbackDto) })
  @ApiProblems()
  mine(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto): Promise<Page<CallbackDto>> {
    return this.callbacks.list(principal.tenantId, { owner: principal.agentId }, query.limit, query.cursor);
  }

  @Get('callbacks')
  @RequirePermissions('campaigns:write')
  @ApiOperation({ summary: 'Callbacks of the tenant by campaign and/or owner, soonest first' })
  @ApiOkResponse({ type: PageType(CallbackDto) })
  @ApiProblems()
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListCallbacksQueryDto): Promise<Page<CallbackDto>> {
    return this.callbacks.list(principal.tenantId, { campaignId: query.campaignId, owner: query.agentId }, query.limit, query.cursor);
  }

  @Patch('callbacks/:id')
  @HttpCode(200)
  @RequirePermissions('campaigns:write')
  @ApiOperation({ summary: 'Reassign a callback to another agent (or to anyone)' })
  @ApiOkResponse({ type: CallbackDto })
  @ApiProblems(404, 415)
  reassign(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: UpdateCallbackDto): Promise<CallbackDto> {
    return this.callbacks.reassign(principal.tenantId, id, dto.owner);
  }
}
