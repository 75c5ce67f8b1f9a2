import { Body, Controller, Get, HttpCode, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '#switchboard/auth';
import { ApiAuthenticated, ApiProblem } from '#switchboard/common';
import { TenantSettingsDto, UpdateTenantSettingsDto } from './dto/tenant-settings.dto.js';
import { TenantSettingsService } from './tenant-settings.service.js';

/** The caller's tenant's settings: its legal calling hours. */
@ApiTags('tenant')
@ApiAuthenticated()
@Controller('v1/tenant/settings')
export class TenantSettingsController {
  constructor(private readonly settings: TenantSettingsService) {}

  @Get()
  @RequirePermissions('settings:read')
  @ApiOperation({ summary: "The tenant's settings (defaults until changed)" })
  @ApiOkResponse({ type: TenantSettingsDto })
  @ApiProblem(403, 'Needs settings:read')
  get(@CurrentPrincipal() principal: Principal): Promise<TenantSettingsDto> {
    return this.settings.get(principal.tenantId);
  }

  @Patch()
  @HttpCode(200)
  @RequirePermissions('settings:write')
  @ApiOperation({ summary: "Change the tenant's legal calling hours" })
  @ApiOkResponse({ type: TenantSettingsDto })
  @ApiProblem(400, 'Malformed body (VALIDATION with field errors)')
  @ApiProblem(403, 'Needs settings:write')
  @ApiProblem(415, 'The body is not JSON')
  update(@CurrentPrincipal() principal: Principal, @Body() dto: UpdateTenantSettingsDto): Promise<TenantSettingsDto> {
    return this.settings.update(principal.tenantId, dto);
  }
}
