import { Body, Controller, Get, HttpCode, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@switchboard/auth';
import { AuthenticatedRoute } from './agents.http.js';
import { AgentsService } from './agents.service.js';
import { AgentDto } from './dto/agent.dto.js';
import { PresenceDto } from './dto/update-agent.dto.js';

/** The caller's own agent: needs only a valid token, no permission. */
@ApiTags('agents')
@AuthenticatedRoute()
@Controller('v1/me')
export class MeController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  @ApiOperation({ summary: 'The caller\'s agent (provisioned on first sign-in)' })
  @ApiOkResponse({ type: AgentDto })
  async me(@CurrentPrincipal() principal: Principal): Promise<AgentDto> {
    return AgentDto.of(await this.agents.get(principal.tenantId, principal.agentId));
  }

  @Put('presence')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set the caller\'s presence' })
  @ApiOkResponse({ type: AgentDto })
  async setPresence(@CurrentPrincipal() principal: Principal, @Body() dto: PresenceDto): Promise<AgentDto> {
    return AgentDto.of(await this.agents.update(principal.tenantId, principal.agentId, { presence: dto.presence }));
  }
}
