import { Body, Controller, Get, HttpCode, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '#switchboard/auth';
import { ApiAuthenticated, ApiProblem, ETAG_HEADER } from '#switchboard/common';
import { AgentsService } from './agents.service.js';
import { AgentDto } from './dto/agent.dto.js';
import { PresenceDto } from './dto/update-agent.dto.js';

/** The caller's own agent: needs only a valid token, no permission. */
@ApiTags('agents')
@ApiAuthenticated({ permissions: false })
@Controller('v1/me')
export class MeController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  @ApiOperation({ summary: "The caller's agent (provisioned on first sign-in)" })
  @ApiOkResponse({ type: AgentDto, description: "The caller's agent", headers: ETAG_HEADER })
  async me(@CurrentPrincipal() principal: Principal): Promise<AgentDto> {
    return AgentDto.of(await this.agents.get(principal.tenantId, principal.agentId));
  }

  @Put('presence')
  @HttpCode(200)
  @ApiOperation({ summary: "Set the caller's presence" })
  @ApiOkResponse({ type: AgentDto, description: 'The agent with its new presence', headers: ETAG_HEADER })
  @ApiProblem(400, 'presence is not one of available, busy, offline')
  async setPresence(@CurrentPrincipal() principal: Principal, @Body() dto: PresenceDto): Promise<AgentDto> {
    return AgentDto.of(await this.agents.update(principal.tenantId, principal.agentId, { presence: dto.presence }));
  }
}
