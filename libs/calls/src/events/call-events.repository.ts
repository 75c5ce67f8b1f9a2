import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { entityFromRow } from '#switchboard/database';
import type { EntityManager, Repository } from 'typeorm';
import type { CallDisposition } from '../call-disposition.js';
import { Call, PROVIDER_REPORTED } from '../call.entity.js';
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
 * An agent's log of the same call (`logged_at`) keeps its links and disposition;
 * a timestamp the provider reports for the first time (its `provider_reported`
 * bit, $15) replaces the agent's value. The unique index on the provider call id
 * makes a racing agent log or event wait for this row, then merge into it.
 */
const APPLY_ONCE = `
  WITH fresh AS (
    INSERT INTO call_events (tenant_id, event_id, provider_call_id, type, occurred_at)
    VALUES ($1, $12, $2, $13, $14)
    ON CONFLICT (tenant_id, event_id) DO NOTHING
    RETURNING event_id
  )
  INSERT INTO calls (tenant_id, provider_call_id, contact_phone, contact_id, agent_id, campaign_id,
                     started_at, answered_at, ended_at, disposition, recording_url, provider_reported)
  SELECT $1, $2, $3, $4::uuid, $5::uuid, $6::uuid, $7::timestamptz, $8::timestamptz, $9::timestamptz, $10, $11, $15::smallint
  WHERE EXISTS (SELECT 1 FROM fresh)
  ON CONFLICT (tenant_id, provider_call_id) WHERE provider_call_id IS NOT NULL DO UPDATE SET
    contact_phone = COALESCE(calls.contact_phone, EXCLUDED.contact_phone),
    contact_id = COALESCE(calls.contact_id, EXCLUDED.contact_id),
    agent_id = COALESCE(calls.agent_id, EXCLUDED.agent_id),
    campaign_id = COALESCE(calls.campaign_id, EXCLUDED.campaign_id),
    started_at = CASE WHEN EXCLUDED.started_at IS NULL THEN calls.started_at
                      WHEN calls.provider_reported & 1 = 0 THEN EXCLUDED.started_at
                      ELSE LEAST(calls.started_at, EXCLUDED.started_at) END,
    answered_at = CASE WHEN EXCLUDED.answered_at IS NULL THEN calls.answered_at
                       WHEN calls.provider_reported & 2 = 0 THEN EXCLUDED.answered_at
                       ELSE LEAST(calls.answered_at, EXCLUDED.answered_at) END,
    ended_at = CASE WHEN EXCLUDED.ended_at IS NULL THEN calls.ended_at
                    WHEN calls.provider_reported & 4 = 0 THEN EXCLUDED.ended_at
                    ELSE GREATEST(calls.ended_at, EXCLUDED.ended_at) END,
    disposition = CASE WHEN calls.logged_at IS NOT NULL THEN calls.disposition
                       WHEN calls.provider_reported & 4 = 0 OR EXCLUDED.ended_at >= calls.ended_at
                       THEN COALESCE(EXCLUDED.disposition, calls.disposition) ELSE calls.disposition END,
    recording_url = COALESCE(EXCLUDED.recording_url, calls.recording_url),
    provider_reported = calls.provider_reported | EXCLUDED.provider_reported,
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
      reportedBits(change),
    ]);
    return entityFromRow(db.getRepository(Call), rows) ?? null;
  }
}

/** The `provider_reported` bits of the timestamps this event carries. */
function reportedBits(change: ProviderCallChange): number {
  return (
    (change.startedAt ? PROVIDER_REPORTED.startedAt : 0) |
    (change.answeredAt ? PROVIDER_REPORTED.answeredAt : 0) |
    (change.endedAt ? PROVIDER_REPORTED.endedAt : 0)
  );
}
