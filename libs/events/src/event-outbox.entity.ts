import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { EventPayload, EventType } from './event-types.js';

/**
 * A domain event written in the transaction of the change it reports, and
 * removed in the transaction that fans it out to webhook deliveries: a row
 * means "committed and not handed on yet". Owned by EventOutboxRepository.
 */
@Entity({ name: 'event_outbox' })
@Index('event_outbox_created_idx', ['createdAt', 'id'])
export class EventOutboxEntry {
  /** The event id subscribers deduplicate by. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ type: 'text' })
  type: EventType;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  /** `{ eventId, type, occurredAt, tenantId, data }`, exactly as delivered. */
  @Column({ type: 'jsonb' })
  payload: EventPayload;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}
