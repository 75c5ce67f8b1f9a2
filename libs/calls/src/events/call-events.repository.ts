import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { entityFromRow } from '#switchboard/database';
import type { EntityManager, Repository } from 'typeorm';
import type { CallDisposition } from '../call-disposition.js';
import { Call } from '../call.entity.js';
import type { TelephonyEventType } from '../telephony/dto/telephony-event.dto.js';
import { CallEvent } from './call-event.entity.js';

/** What one provider event says about its call; a field the event does not carry is null. */
export interface ProviderCallChange {
  tenantId: string;
  eventId: string;
  type: TelephonyEventType;
  occurredAt: Date;
  providerCallId: string;
  contactPhone: string;
  contactId: string | null;
  agentId: string | null;
  campaignId: string | null;
  startedAt: Date | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  disposition: CallDisposition | null;
  recordingUrl: string | null;
}

/**
 * Records the event id and merges the event into its call, in one statement: when
 * the id was recorded before, the CTE inserts nothing and neither does the merge
 * (no rows returned: a duplicate). Timestamps only move the way calls do (the
 * earliest start and answer, the latest end, whose disposition wins) and known
 * links are never cleared, so the result is the same in any arrival order.
 */
const APPLY_ONCE = `
  WITH fresh AS (
    INSERT INTO call_events (tenant_id, event_id, provider_call_id, type, occurred_at)
    VALUES ($1, $12, $2, $13, $14)
    ON CONFLICT (tenant_id, event_id) DO NOTHING
    RETURNING event_id
  )
  INSERT INTO calls (tenant_id, provider_call_id, contact_phone, contact_id, agent_id, campaign_id,
                     started_at, answered_at, ended_at, disposition, recording_url)
  SELECT $1, $2, $3, $4::uuid, $5::uuid, $6::uuid, $7::timestamptz, $8::timestamptz, $9::timestamptz, $10, $11
  WHERE EXISTS (SELECT 1 FROM fresh)
  ON CONFLICT (tenant_id, provider_call_id) WHERE provider_call_id IS NOT NULL DO UPDATE SET
    contact_phone = COALESCE(calls.contact_phone, EXCLUDED.contact_phone),
    contact_id = COALESCE(calls.contact_id, EXCLUDED.contact_id),
    agent_id = COALESCE(calls.agent_id, EXCLUDED.agent_id),
    campaign_id = COALESCE(calls.campaign_id, EXCLUDED.campaign_id),
    started_at = LEAST(calls.started_at, EXCLUDED.started_at),
    answered_at = LEAST(calls.answered_at, EXCLUDED.answered_at),
    ended_at = GREATEST(calls.ended_at, EXCLUDED.ended_at),
    disposition = CASE WHEN EXCLUDED.ended_at >= calls.ended_at OR calls.ended_at IS NULL
                       THEN COALESCE(EXCLUDED.disposition, calls.disposition) ELSE calls.disposition END,
    recording_url = COALESCE(EXCLUDED.recording_url, calls.recording_url),
    version = calls.version + 1,
    updated_at = now()
  RETURNING *`;

/**
 * The applied provider events (`call_events`). Applying one also writes its call:
 * a data-modifying CTE makes the event's record and the merge one statement, so an
 * event that ends no call is one round trip with no transaction around it.
 */
@Injectable()
export class CallEventsRepository {
  constructor(@InjectRepository(CallEvent) private readonly repository: Repository<CallEvent>) {}

  /**
   * Applies the change unless its event id was recorded before: the call after the
   * event, or null for a duplicate. Inside the caller's transaction when given.
   */
  async applyOnce(change: ProviderCallChange, manager?: EntityManager): Promise<Call | null> {
    const db = manager ?? this.repository.manager;
    const rows: Record<string, unknown>[] = await db.query(APPLY_ONCE, [
      change.tenantId,
      change.providerCallId,
      change.contactPhone,
      change.contactId,
      change.agentId,
      change.campaignId,
      change.startedAt,
      change.answeredAt,
      change.endedAt,
      change.disposition,
      change.recordingUrl,
      change.eventId,
      change.type,
      change.occurredAt,
    ]);
    return entityFromRow(db.getRepository(Call), rows) ?? null;
  }
}
