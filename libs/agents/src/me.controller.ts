import { Body, Controller, Get, HttpCode, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '#switchboard/auth';
import { ApiAuthenticated, ApiProblem, ETAG_HEADER } from '#switchboard/common';
import { AgentStates } from './agent-states.service.js';
import { AgentsService } from './agents.service.js';
import { AgentDto } from './dto/agent.dto.js';
import { SetAgentStateDto } from './dto/set-agent-state.dto.js';

/** The caller's own agent: needs only a valid token, no permission. */
@ApiTags('agents')
@ApiAuthenticated({ permissions: false })
@Controller('v1/me')
export class MeController {
  constructor(
    private readonly agents: AgentsService,
    private readonly states: AgentStates,
  ) {}

  @Get()
  @ApiOperation({ summary: "The caller's agent (provisioned on first sign-in) with its state" })
  @ApiOkResponse({ type: AgentDto, description: "The caller's agent", headers: ETAG_HEADER })
  async me(@CurrentPrincipal() principal: Principal): Promise<AgentDto> {
    return AgentDto.of(await this.agents.get(principal.tenantId, principal.agentId));
  }

  @Put('state')
  @HttpCode(200)
  @ApiOperation({ summary: "Set the caller's state: available (ends a wrap-up), break with a reason, or offline" })
  @ApiOkResponse({ type: AgentDto, description: 'The agent in its new state', headers: ETAG_HEADER })
  @ApiProblem(400, 'state is not available, break or offline; a break without a known reason; a reason without a break')
  async setState(@CurrentPrincipal() principal: Principal, @Body() dto: SetAgentStateDto): Promise<AgentDto> {
    return AgentDto.of(await this.states.choose(principal.tenantId, principal.agentId, dto.state, dto.reason));
  }
}
