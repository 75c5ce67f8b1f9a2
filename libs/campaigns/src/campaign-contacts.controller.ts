import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '#switchboard/auth';
import { ApiAuthenticated, type Page, PageType, uuidParam } from '#switchboard/common';
import { CampaignContactDto, ListCampaignContactsQueryDto, ResetCampaignContactsDto, ResetResultDto } from './dto/campaign-contact.dto.js';
import { ApiProblems } from './api-problems.decorator.js';
import { CampaignContactsService } from './campaign-contacts.service.js';
import { CampaignLeasesService } from './campaign-leases.service.js';
import { AddCampaignContactsDto, AddCampaignContactsResultDto } from './dto/add-campaign-contacts.dto.js';
import { CampaignProgressDto } from './dto/campaign-progress.dto.js';
import { NextContactDto } from './dto/next-contact.dto.js';

@ApiTags('campaigns')
@ApiAuthenticated()
@Controller('v1/campaigns/:id')
export class CampaignContactsController {
  constructor(
    private readonly contacts: CampaignContactsService,
    private readonly leases: CampaignLeasesService,
  ) {}

  @Post('contacts')
  @HttpCode(200)
  @RequirePermissions('campaigns:write')
  @ApiOperation({ summary: 'Add contacts to a campaign' })
  @ApiOkResponse({ type: AddCampaignContactsResultDto })
  @ApiProblems(404, 409, 415)
  add(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() dto: AddCampaignContactsDto,
  ): Promise<AddCampaignContactsResultDto> {
    return this.contacts.add(principal.tenantId, id, dto);
  }

  @Get('contacts')
  @RequirePermissions('campaigns:read')
  @ApiOperation({ summary: "The campaign's contacts with their state, attempts, last disposition and next attempt" })
  @ApiOkResponse({ type: PageType(CampaignContactDto) })
  @ApiProblems(404)
  list(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Query() query: ListCampaignContactsQueryDto,
  ): Promise<Page<CampaignContactDto>> {
    return this.contacts.list(principal.tenantId, id, query);
  }

  @Delete('contacts/:contactId')
  @HttpCode(204)
  @RequirePermissions('campaigns:write')
  @ApiOperation({ summary: 'Remove a contact from the campaign' })
  @ApiNoContentResponse()
  @ApiProblems(404)
  async remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Param('contactId', uuidParam()) contactId: string,
  ): Promise<void> {
    await this.contacts.remove(principal.tenantId, id, contactId);
  }

  @Post('reset')
  @HttpCode(200)
  @RequirePermissions('campaigns:write')
  @ApiOperation({ summary: 'Put done or exhausted contacts with these last dispositions back to pending, attempts reset' })
  @ApiOkResponse({ type: ResetResultDto })
  @ApiProblems(404, 409, 415)
  reset(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam()) id: string, @Body() dto: ResetCampaignContactsDto): Promise<ResetResultDto> {
    return this.contacts.reset(principal.tenantId, id, dto.dispositions);
  }

  @Get('progress')
  @RequirePermissions('campaigns:read')
  @ApiOperation({ summary: "The campaign's contacts counted by state, now" })
  @ApiOkResponse({ type: CampaignProgressDto })
  @ApiProblems(404)
  progress(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam()) id: string): Promise<CampaignProgressDto> {
    return this.contacts.progress(principal.tenantId, id);
  }

  @Post('next-contact')
  @HttpCode(200)
  @RequirePermissions('calls:write')
  @ApiOperation({ summary: 'Reserve the next contact for the calling agent to dial' })
  @ApiOkResponse({ type: NextContactDto, description: 'The contact, reserved for the caller until leaseExpiresAt' })
  @ApiNoContentResponse({ description: 'Nothing left to hand out' })
  @ApiProblems(404, 409)
  async next(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam()) id: string): Promise<NextContactDto | Response> {
    const next = await this.leases.next(principal.tenantId, principal.agentId, id);
    // A web Response sets the status on any adapter (no @Res(), no Express types).
    return next ?? new Response(null, { status: 204 });
  }
}
