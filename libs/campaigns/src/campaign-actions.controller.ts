import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '#switchboard/auth';
import { ApiAuthenticated, ETAG_HEADER, uuidParam } from '#switchboard/common';
import { ApiProblems } from './api-problems.decorator.js';
import { CampaignsService } from './campaigns.service.js';
import { CampaignDto } from './dto/campaign.dto.js';

/** The state machine's actions; each answers 200 with the updated campaign. */
@ApiTags('campaigns')
@ApiAuthenticated()
@Controller('v1/campaigns/:id')
export class CampaignActionsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post('start')
  @HttpCode(200)
  @RequirePermissions('campaigns:write')
  @ApiOperation({ summary: 'Start a draft or paused campaign (→ active)' })
  @ApiOkResponse({ type: CampaignDto, headers: ETAG_HEADER })
  @ApiProblems(404, 409)
  start(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam()) id: string): Promise<CampaignDto> {
    return this.campaigns.transition(principal.tenantId, id, 'start');
  }

  @Post('pause')
  @HttpCode(200)
  @RequirePermissions('campaigns:write')
  @ApiOperation({ summary: 'Pause an active campaign (→ paused)' })
  @ApiOkResponse({ type: CampaignDto, headers: ETAG_HEADER })
  @ApiProblems(404, 409)
  pause(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam()) id: string): Promise<CampaignDto> {
    return this.campaigns.transition(principal.tenantId, id, 'pause');
  }

  @Post('complete')
  @HttpCode(200)
  @RequirePermissions('campaigns:write')
  @ApiOperation({ summary: 'Complete a campaign for good (→ completed, terminal)' })
  @ApiOkResponse({ type: CampaignDto, headers: ETAG_HEADER })
  @ApiProblems(404, 409)
  complete(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam()) id: string): Promise<CampaignDto> {
    return this.campaigns.transition(principal.tenantId, id, 'complete');
  }
}
