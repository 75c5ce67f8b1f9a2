import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '#switchboard/auth';
import { ApiAuthenticated, ETAG_HEADER, IfMatch, type Page, PageQueryDto, PageType, uuidParam } from '#switchboard/common';
import { ApiProblems } from './api-problems.decorator.js';
import { CreateWebhookDto } from './dto/create-webhook.dto.js';
import { RotateSecretDto } from './dto/rotate-secret.dto.js';
import { UpdateWebhookDto } from './dto/update-webhook.dto.js';
import { WebhookDto, WebhookWithSecretDto } from './dto/webhook.dto.js';
import { WebhooksService } from './subscriptions/webhooks.service.js';

@ApiTags('webhooks')
@ApiAuthenticated()
@RequirePermissions('webhooks:write')
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe a URL to events; the answer carries the signing secret, shown once' })
  @ApiCreatedResponse({ type: WebhookWithSecretDto, headers: ETAG_HEADER })
  @ApiProblems(415)
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateWebhookDto): Promise<WebhookWithSecretDto> {
    return this.webhooks.create(principal.tenantId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List webhooks, newest first' })
  @ApiOkResponse({ type: PageType(WebhookDto) })
  @ApiProblems()
  list(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto): Promise<Page<WebhookDto>> {
    return this.webhooks.list(principal.tenantId, query.limit, query.cursor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a webhook' })
  @ApiOkResponse({ type: WebhookDto, headers: ETAG_HEADER })
  @ApiProblems(404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam()) id: string): Promise<WebhookDto> {
    return this.webhooks.get(principal.tenantId, id);
  }

  @Patch(':id')
  @HttpCode(200)
  @ApiOperation({ summary: "Change a webhook's url, events, description, or pause/resume it" })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the version the change is based on' })
  @ApiOkResponse({ type: WebhookDto, headers: ETAG_HEADER })
  @ApiProblems(404, 412, 415)
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateWebhookDto,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<WebhookDto> {
    return this.webhooks.update(principal.tenantId, id, dto, ifMatch);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new signing secret (shown once); the previous one also signs for previousSecretHours' })
  @ApiOkResponse({ type: WebhookWithSecretDto, headers: ETAG_HEADER })
  @ApiProblems(404, 412, 415)
  rotate(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam()) id: string, @Body() dto: RotateSecretDto): Promise<WebhookWithSecretDto> {
    return this.webhooks.rotateSecret(principal.tenantId, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook and its delivery log' })
  @ApiNoContentResponse()
  @ApiProblems(404)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam()) id: string): Promise<void> {
    return this.webhooks.remove(principal.tenantId, id);
  }
}
