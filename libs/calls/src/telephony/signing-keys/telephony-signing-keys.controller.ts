import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequirePermissions } from '#switchboard/auth';
import { ApiAuthenticated, ApiProblem } from '#switchboard/common';
import { CreatedSigningKeyDto, SigningKeyListDto, toSigningKeyDto } from './dto/signing-key.dto.js';
import { TelephonySigningKeysService } from './telephony-signing-keys.service.js';

/** A tenant's webhook signing keys (docs/telephony.md, "Signing keys"); served by the calls entry, behind a token. */
@ApiTags('telephony')
@ApiAuthenticated()
@RequirePermissions('telephony:admin')
@Controller('v1/telephony/signing-keys')
export class TelephonySigningKeysController {
  constructor(private readonly keys: TelephonySigningKeysService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a signing key; its secret is in this answer only. Two may be active (a rotation): create, switch the provider, revoke the old',
  })
  @ApiCreatedResponse({ type: CreatedSigningKeyDto, description: 'Created, with Location' })
  @ApiProblem(409, 'Two keys are active already (TELEPHONY.SIGNING_KEY_LIMIT)')
  async create(@CurrentPrincipal() principal: Principal): Promise<CreatedSigningKeyDto> {
    const { key, secret } = await this.keys.create(principal.tenantId, principal.agentId || null);
    return { ...toSigningKeyDto(key), secret };
  }

  @Get()
  @ApiOperation({ summary: "The tenant's active signing keys, newest first (never their secrets)" })
  @ApiOkResponse({ type: SigningKeyListDto })
  async list(@CurrentPrincipal() principal: Principal): Promise<SigningKeyListDto> {
    return { items: (await this.keys.list(principal.tenantId)).map(toSigningKeyDto) };
  }

  @Delete(':kid')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a signing key: signatures made with it are refused from now on' })
  @ApiNoContentResponse()
  @ApiProblem(404, 'No active key of this tenant with that id (TELEPHONY.SIGNING_KEY_NOT_FOUND)')
  async revoke(@CurrentPrincipal() principal: Principal, @Param('kid') kid: string): Promise<void> {
    await this.keys.revoke(principal.tenantId, kid);
  }
}
