import { VersionedTenantResource } from '#switchboard/database';
import type { EventType } from '#switchboard/events';
import { Column, Entity, Index } from 'typeorm';

/**
 * A tenant's webhook: where to POST which events, and the signing secrets,
 * sealed (SecretSealer, context `<tenant>:<id>`). During a rotation the previous
 * secret stays valid until `previousSecretExpiresAt` and both sign.
 */
@Entity({ name: 'webhook_subscriptions' })
@Index('webhook_subscriptions_tenant_created_idx', ['tenantId', 'createdAt', 'id'])
export class WebhookSubscription extends VersionedTenantResource {
  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', array: true })
  events: EventType[];

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'secret_sealed', type: 'text' })
  secretSealed: string;

  @Column({ name: 'previous_secret_sealed', type: 'text', nullable: true })
  previousSecretSealed: string | null;

  @Column({ name: 'previous_secret_expires_at', type: 'timestamptz', nullable: true })
  previousSecretExpiresAt: Date | null;

  @Column({ type: 'boolean', default: false })
  paused: boolean;

  /** Why the subscription was paused by Switchboard (failing for 24 h); null when paused by the tenant or not paused. */
  @Column({ name: 'paused_reason', type: 'text', nullable: true })
  pausedReason: string | null;

  /** Start of the current run of failed attempts; null after a success. */
  @Column({ name: 'failing_since', type: 'timestamptz', nullable: true })
  failingSince: Date | null;

  /** While set and in the future, one batch of the subscription's deliveries is on its way (one at a time keeps them in order). */
  @Column({ name: 'dispatched_until', type: 'timestamptz', nullable: true })
  dispatchedUntil: Date | null;
}
