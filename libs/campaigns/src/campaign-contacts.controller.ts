import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '#switchboard/auth';
import { ApiAuthenticated, uuidParam } from '#switchboard/common';
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
    return this.contacts.add(principal.tenantId, id, dto.contactIds);
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
