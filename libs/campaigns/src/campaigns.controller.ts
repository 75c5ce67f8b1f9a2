import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '#switchboard/auth';
import { ApiAuthenticated, ETAG_HEADER, IfMatch, type Page, PageType, uuidParam } from '#switchboard/common';
import { ApiProblems } from './api-problems.decorator.js';
import { CampaignsService } from './campaigns.service.js';
import { CampaignDto } from './dto/campaign.dto.js';
import { CreateCampaignDto } from './dto/create-campaign.dto.js';
import { ListCampaignsQueryDto } from './dto/list-campaigns-query.dto.js';
import { UpdateCampaignDto } from './dto/update-campaign.dto.js';

@ApiTags('campaigns')
@ApiAuthenticated()
@Controller('v1/campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @RequirePermissions('campaigns:write')
  @ApiOperation({ summary: 'Create a campaign (status draft)' })
  @ApiCreatedResponse({ type: CampaignDto, description: 'The campaign, with Location and ETag', headers: ETAG_HEADER })
  @ApiProblems(415)
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateCampaignDto): Promise<CampaignDto> {
    return this.campaigns.create(principal.tenantId, dto);
  }

  @Get()
  @RequirePermissions('campaigns:read')
  @ApiOperation({ summary: 'List campaigns, newest first' })
  @ApiOkResponse({ type: PageType(CampaignDto) })
  @ApiProblems()
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListCampaignsQueryDto): Promise<Page<CampaignDto>> {
    return this.campaigns.list(principal.tenantId, query);
  }

  @Get(':id')
  @RequirePermissions('campaigns:read')
  @ApiOperation({ summary: 'Read a campaign' })
  @ApiOkResponse({ type: CampaignDto, description: 'The campaign, with ETag', headers: ETAG_HEADER })
  @ApiProblems(404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam()) id: string): Promise<CampaignDto> {
    return this.campaigns.get(principal.tenantId, id);
  }

  @Patch(':id')
  @HttpCode(200)
  @RequirePermissions('campaigns:write')
  @ApiOperation({ summary: "Change a campaign's name, caller id, time zone or window" })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the version the change is based on, e.g. W/"3"' })
  @ApiOkResponse({ type: CampaignDto, description: 'The updated campaign, with ETag', headers: ETAG_HEADER })
  @ApiProblems(404, 412, 415)
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateCampaignDto,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<CampaignDto> {
    return this.campaigns.update(principal.tenantId, id, dto, ifMatch);
  }
}
