import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '#switchboard/auth';
import { ApiAuthenticated, ApiProblem } from '#switchboard/common';
import { BreakReasonsService } from './break-reasons.service.js';
import { BreakReasonsDto } from './dto/break-reasons.dto.js';

/** The tenant's break reasons: every agent reads them (the dialer offers them), admins replace them. */
@ApiTags('agents')
@Controller('v1/agents/break-reasons')
export class BreakReasonsController {
  constructor(private readonly reasons: BreakReasonsService) {}

  @Get()
  @ApiAuthenticated({ permissions: false })
  @ApiOperation({ summary: "The tenant's break reasons, in order (defaults until an admin sets them)" })
  @ApiOkResponse({ type: BreakReasonsDto })
  async list(@CurrentPrincipal() principal: Principal): Promise<BreakReasonsDto> {
    return { items: await this.reasons.list(principal.tenantId) };
  }

  @Put()
  @RequirePermissions('agents:write')
  @ApiAuthenticated()
  @ApiOperation({ summary: "Replace the tenant's break reasons" })
  @ApiOkResponse({ type: BreakReasonsDto, description: 'The new list' })
  @ApiProblem(400, 'No reasons, more than 50, a malformed code or label, or a code listed twice')
  @ApiProblem(403, 'Needs agents:write')
  async replace(@CurrentPrincipal() principal: Principal, @Body() dto: BreakReasonsDto): Promise<BreakReasonsDto> {
    return { items: await this.reasons.replace(principal.tenantId, dto.items) };
  }
}
