import { ApiProperty } from '@nestjs/swagger';
import { EVENT_TYPES, type EventType } from '#switchboard/events';
import type { WebhookSubscription } from '../subscriptions/webhook-subscription.entity.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A webhook as the API shows it; the secret never appears after creation or rotation. */
export class WebhookDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  url: string;

  @ApiProperty({ enum: EVENT_TYPES, isArray: true })
  events: EventType[];

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty()
  paused: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'Why Switchboard paused it (failing for 24 h in a row); null otherwise' })
  pausedReason: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Start of the current run of failed deliveries' })
  failingSince: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Until then the previous secret also signs (a rotation)' })
  previousSecretExpiresAt: string | null;

  @ApiProperty({ minimum: 1 })
  version: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

/** The answer to a creation or a rotation: the only time the secret is shown. */
export class WebhookWithSecretDto extends WebhookDto {
  @ApiProperty({ description: 'The signing secret; shown once, store it now', example: 'whsec_…' })
  secret: string;
}

export function toWebhookDto(s: WebhookSubscription, now: Date): WebhookDto {
  const rotating = s.previousSecretExpiresAt && s.previousSecretExpiresAt > now ? s.previousSecretExpiresAt : null;
  return {
    id: s.id,
    url: s.url,
    events: s.events,
    description: s.description,
    paused: s.paused,
    pausedReason: s.pausedReason,
    failingSince: iso(s.failingSince),
    previousSecretExpiresAt: iso(rotating),
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
