import { Body, Controller, Get, Headers, Param, Patch, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '#switchboard/auth';
import { ApiAuthenticated, ApiProblem, ETAG_HEADER, IfMatch, type Page, PageType, uuidParam } from '#switchboard/common';
import { AgentsService } from './agents.service.js';
import { bodyEtag, noneMatch } from './board-etag.js';
import { AgentDto } from './dto/agent.dto.js';
import { ListAgentsQueryDto } from './dto/list-agents-query.dto.js';
import { UpdateAgentDto } from './dto/update-agent.dto.js';

/** The one thing the list needs of the response (no Express types): a header. */
interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

@ApiTags('agents')
@ApiAuthenticated()
@Controller('v1/agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  @RequirePermissions('agents:read')
  @ApiOperation({ summary: "Agents of the caller's tenant with their states (the supervisor's board), newest first; conditional with If-None-Match" })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of an earlier answer: 304 with no body while the page is unchanged' })
  @ApiOkResponse({ type: PageType(AgentDto), description: 'One page; nextCursor is null on the last', headers: ETAG_HEADER })
  @ApiResponse({ status: 304, description: 'The page is unchanged since the ETag given in If-None-Match' })
  @ApiProblem(403, 'Needs agents:read')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListAgentsQueryDto,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<Page<AgentDto> | Response> {
    const page = await this.agents.list(principal.tenantId, query);
    const etag = bodyEtag(page);
    res.setHeader('ETag', etag);
    // Answered here rather than by Express's freshness check, which ignores If-None-Match
    // under the `Cache-Control: no-cache` that browsers add to a conditional fetch.
    if (noneMatch(ifNoneMatch, etag)) return new Response(null, { status: 304 });
    return page;
  }

  @Get(':id')
  @RequirePermissions('agents:read')
  @ApiOperation({ summary: "One agent of the caller's tenant" })
  @ApiOkResponse({ type: AgentDto, description: 'The agent', headers: ETAG_HEADER })
  @ApiProblem(403, 'Needs agents:read')
  @ApiProblem(404, 'No such agent in this tenant')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam()) id: string): Promise<AgentDto> {
    return AgentDto.of(await this.agents.get(principal.tenantId, id));
  }

  @Patch(':id')
  @RequirePermissions('agents:write')
  @ApiOperation({ summary: 'Rename an agent; If-Match optional' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'W/"<version>" from an earlier ETag; a stale one answers 412' })
  @ApiOkResponse({ type: AgentDto, description: 'The updated agent', headers: ETAG_HEADER })
  @ApiProblem(403, 'Needs agents:write')
  @ApiProblem(404, 'No such agent in this tenant')
  @ApiProblem(412, 'If-Match names a stale version')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateAgentDto,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<AgentDto> {
    return AgentDto.of(await this.agents.update(principal.tenantId, id, dto, ifMatch));
  }
}
