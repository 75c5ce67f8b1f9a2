import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermissions, type Principal } from '#switchboard/auth';
import { ApiAuthenticated, type Page, PageType, uuidParam } from '#switchboard/common';
import { ApiProblems } from './api-problems.decorator.js';
import { WebhookDeliveriesService } from './delivery/webhook-deliveries.service.js';
import { DeliveryDto, ListDeliveriesQueryDto } from './dto/delivery.dto.js';

@ApiTags('webhooks')
@ApiAuthenticated()
@RequirePermissions('webhooks:write')
@Controller('v1/webhooks/:id/deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly deliveries: WebhookDeliveriesService) {}

  @Get()
  @ApiOperation({ summary: "A webhook's delivery log, newest first: attempts, last status code, next attempt" })
  @ApiOkResponse({ type: PageType(DeliveryDto) })
  @ApiProblems(404)
  list(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam()) id: string, @Query() query: ListDeliveriesQueryDto): Promise<Page<DeliveryDto>> {
    return this.deliveries.list(principal.tenantId, id, query);
  }

  @Post(':deliveryId/redeliver')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a delivery again (same eventId), with a fresh 24 h of retries' })
  @ApiAcceptedResponse({ type: DeliveryDto })
  @ApiProblems(404, 409)
  redeliver(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Param('deliveryId', uuidParam()) deliveryId: string,
  ): Promise<DeliveryDto> {
    return this.deliveries.redeliver(principal.tenantId, id, deliveryId);
  }
}
