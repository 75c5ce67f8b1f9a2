import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '#switchboard/common';
import { EVENT_TYPES, type EventType } from '#switchboard/events';
import { IsIn, IsOptional } from 'class-validator';
import { DELIVERY_STATUSES, type DeliveryStatus, type WebhookDelivery } from '../delivery/webhook-delivery.entity.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export class ListDeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

/** One event owed to a webhook, and what became of it. */
export class DeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  webhookId: string;

  @ApiProperty({ format: 'uuid', description: 'Same on every attempt and redelivery: the receiver deduplicates by it' })
  eventId: string;

  @ApiProperty({ enum: EVENT_TYPES })
  eventType: EventType;

  @ApiProperty({ format: 'date-time' })
  occurredAt: string;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status: DeliveryStatus;

  @ApiProperty({ minimum: 0 })
  attempts: number;

  @ApiProperty({ type: Number, nullable: true })
  lastStatusCode: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why the last attempt failed' })
  lastError: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextAttemptAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export function toDeliveryDto(d: WebhookDelivery): DeliveryDto {
  return {
    id: d.id,
    webhookId: d.subscriptionId,
    eventId: d.eventId,
    eventType: d.eventType,
    occurredAt: d.occurredAt.toISOString(),
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    nextAttemptAt: iso(d.status === 'pending' ? d.nextAttemptAt : null),
    deliveredAt: iso(d.deliveredAt),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}
