import type { EventPayload, EventType } from '#switchboard/events';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { WebhookSubscription } from '../subscriptions/webhook-subscription.entity.js';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One event owed to one subscription, and what became of it: attempts, the last
 * answer, when it is tried next. Pending rows are the retry schedule.
 */
@Entity({ name: 'webhook_deliveries' })
@Check('webhook_deliveries_status_check', `status IN ('pending', 'delivered', 'failed')`)
@Unique('webhook_deliveries_subscription_event_key', ['subscriptionId', 'eventId'])
@Index('webhook_deliveries_due_idx', ['subscriptionId', 'occurredAt', 'id'], { where: `status = 'pending'` })
@Index('webhook_deliveries_next_attempt_idx', ['nextAttemptAt'], { where: `status = 'pending'` })
@Index('webhook_deliveries_log_idx', ['subscriptionId', 'createdAt', 'id'])
@Index('webhook_deliveries_finished_idx', ['updatedAt'], { where: `status <> 'pending'` })
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  @ForeignKey(() => WebhookSubscription, { name: 'webhook_deliveries_subscription_id_fkey', onDelete: 'CASCADE' })
  subscriptionId: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType: EventType;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'jsonb' })
  payload: EventPayload;

  @Column({ type: 'text', default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** When a pending delivery is due; null once delivered or failed. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  /** Retries stop here (24 h after the first try or a redelivery); then `failed`. */
  @Column({ name: 'retry_until', type: 'timestamptz' })
  retryUntil: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
