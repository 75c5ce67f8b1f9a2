import { Body, Controller, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '#switchboard/auth';
import { ApiAuthenticated, ApiProblem, ETAG_HEADER, type Page, PageQueryDto, PageType, uuidParam } from '#switchboard/common';
import { AgentStates } from './agent-states.service.js';
import { AgentsService } from './agents.service.js';
import { AgentDto } from './dto/agent.dto.js';
import { AgentStayDto } from './dto/agent-stay.dto.js';
import { SetAgentStateDto } from './dto/set-agent-state.dto.js';

/** Another agent's state, for admins and supervisors: set it, and read its history. */
@ApiTags('agents')
@ApiAuthenticated()
@Controller('v1/agents/:id')
export class AgentStatesController {
  constructor(
    private readonly states: AgentStates,
    private readonly agents: AgentsService,
  ) {}

  @Put('state')
  @HttpCode(200)
  @RequirePermissions('agents:write')
  @ApiOperation({ summary: "Set an agent's state (e.g. offline for one who left without signing out)" })
  @ApiOkResponse({ type: AgentDto, description: 'The agent in its new state', headers: ETAG_HEADER })
  @ApiProblem(400, 'state is not available, break or offline; a break without a known reason; a reason without a break')
  @ApiProblem(403, 'Needs agents:write')
  @ApiProblem(404, 'No such agent in this tenant')
  async setState(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam()) id: string, @Body() dto: SetAgentStateDto): Promise<AgentDto> {
    return AgentDto.of(await this.states.choose(principal.tenantId, id, dto.state, dto.reason));
  }

  @Get('states')
  @RequirePermissions('agents:read')
  @ApiOperation({ summary: "An agent's state history: each stay with its reason, campaign, contact, from and to; latest first" })
  @ApiOkResponse({ type: PageType(AgentStayDto), description: 'One page; the current stay has to: null' })
  @ApiProblem(403, 'Needs agents:read')
  @ApiProblem(404, 'No such agent in this tenant')
  history(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam()) id: string, @Query() query: PageQueryDto): Promise<Page<AgentStayDto>> {
    return this.agents.history(principal.tenantId, id, query);
  }
}
