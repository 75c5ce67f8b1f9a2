import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CallDirection, CallDisposition } from './call-disposition.js';

/**
 * One interaction with a contact. Logged by an agent (`POST /v1/calls`) or built
 * up from the telephony provider's events (keyed by `providerCallId`), in which
 * case any field may still be unknown while the call is in progress.
 */
@Entity('calls')
export class Call {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ name: 'contact_phone', type: 'text', nullable: true })
  contactPhone: string | null;

  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId: string | null;

  @Column({ name: 'campaign_id', type: 'uuid', nullable: true })
  campaignId: string | null;

  @Column({ type: 'text', nullable: true })
  direction: CallDirection | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  disposition: CallDisposition | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ name: 'provider_call_id', type: 'text', nullable: true })
  providerCallId: string | null;

  @Column({ name: 'recording_url', type: 'text', nullable: true })
  recordingUrl: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** A `calls` row as `RETURNING *` gives it (snake_case), mapped onto the entity. */
export function callFromRow(row: Record<string, any>): Call {
  return Object.assign(new Call(), {
    id: row.id,
    tenantId: row.tenant_id,
    contactId: row.contact_id,
    contactPhone: row.contact_phone,
    agentId: row.agent_id,
    campaignId: row.campaign_id,
    direction: row.direction,
    startedAt: row.started_at,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
    disposition: row.disposition,
    notes: row.notes,
    providerCallId: row.provider_call_id,
    recordingUrl: row.recording_url,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
