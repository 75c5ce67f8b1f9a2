import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TelephonyEventType } from '../telephony/dto/telephony-event.dto.js';

/**
 * A telephony event id that was applied, recorded in the same transaction (or
 * statement) as its effect on the call, so a redelivered or duplicated event
 * changes nothing.
 */
@Entity({ name: 'call_events' })
export class CallEvent {
  @PrimaryColumn({ name: 'tenant_id', type: 'text', primaryKeyConstraintName: 'call_events_pkey' })
  tenantId: string;

  @PrimaryColumn({ name: 'event_id', type: 'text', primaryKeyConstraintName: 'call_events_pkey' })
  eventId: string;

  @Column({ name: 'provider_call_id', type: 'text' })
  providerCallId: string;

  @Column({ type: 'text' })
  type: TelephonyEventType;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt: Date;
}
