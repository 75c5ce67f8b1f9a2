import { Inject, Injectable } from '@nestjs/common';
import { AgentsService } from '#switchboard/agents';
import { AppCache } from '#switchboard/cache';
import { CampaignsService } from '#switchboard/campaigns';
import type { ConfigType } from '#switchboard/config';
import { contactsConfig, ContactsService, toE164 } from '#switchboard/contacts';
import { Database, type Queryable } from '#switchboard/database';
import { PoisonMessageError } from '#switchboard/queue';
import pg from 'pg';
import { CallOutcomeService } from '../call-outcome.service.js';
import { type Call, CALL_COLUMNS } from '../call.entity.js';
import { callReportsCacheGroup } from '../reports-cache.js';
import type { TelephonyEvent } from '../telephony/dto/telephony-event.dto.js';

interface Links {
  contactId: string | null;
  agentId: string | null;
  campaignId: string | null;
}

/**
 * Records the event id and merges the event into its call, in one statement: when
 * the id was recorded before, the CTE inserts nothing and neither does the merge
 * (no rows returned: a duplicate). Timestamps only move the way calls do (the
 * earliest start and answer, the latest end, whose disposition wins) and known
 * links are never cleared, so the result is the same in any arrival order.
 */
const APPLY_EVENT = `
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
  RETURNING ${CALL_COLUMNS}`;

/** Applies telephony call events to calls, once each, in any order. */
@Injectable()
export class CallEventsService {
  constructor(
    private readonly db: Database,
    private readonly outcome: CallOutcomeService,
    private readonly contacts: ContactsService,
    private readonly agents: AgentsService,
    private readonly campaigns: CampaignsService,
    private readonly cache: AppCache,
    @Inject(contactsConfig.KEY) private readonly contactsCfg: ConfigType<typeof contactsConfig>,
  ) {}

  /**
   * Applies an event unless its id was applied before. The event record, the call
   * and (on `call.ended`) the contact and campaign contact change in one
   * transaction. Resolves to false for a duplicate.
   */
  async apply(event: TelephonyEvent): Promise<boolean> {
    // Look-ups first, outside any transaction: a transaction holding a connection
    // while waiting for another could starve a small pool under load.
    const links = await this.resolveLinks(event);
    const applied = await this.write(event, links).catch(rethrowAsPoisonIfData);
    if (applied) await this.cache.invalidateGroup(callReportsCacheGroup(event.tenantId));
    return applied;
  }

  private async write(event: TelephonyEvent, links: Links): Promise<boolean> {
    // Only an end changes more than the call: other events are one atomic statement.
    if (event.type !== 'call.ended') return (await this.merge(this.db, event, links)) !== null;
    return this.db.transaction(async (tx) => {
      const call = await this.merge(tx, event, links);
      if (!call) return false;
      if (call.contactId && call.disposition) await this.outcome.apply(tx, event.tenantId, call.contactId, call.campaignId, call.disposition);
      return true;
    });
  }

  /** The call after the event, or null when the event was applied before. */
  private async merge(db: Queryable, event: TelephonyEvent, links: Links): Promise<Call | null> {
    const at = new Date(event.occurredAt);
    const [call] = await db.query<Call>(APPLY_EVENT, [
      event.tenantId,
      event.callId,
      // Stored as contacts store phones (E.164) when it parses, so calls and contacts compare.
      toE164(event.contactPhone, this.contactsCfg.defaultRegion) ?? event.contactPhone,
      links.contactId,
      links.agentId,
      links.campaignId,
      event.type === 'call.started' ? at : null,
      event.type === 'call.answered' ? at : null,
      event.type === 'call.ended' ? at : null,
      event.type === 'call.ended' ? event.disposition : null,
      event.type === 'recording.ready' ? event.recordingUrl : null,
      event.eventId,
      event.type,
      at,
    ]);
    return call ?? null;
  }

  /** Unknown (or unparseable) phone → no contact, unknown agent → no agent, unknown campaign → no campaign. */
  private async resolveLinks(event: TelephonyEvent): Promise<Links> {
    const { tenantId } = event;
    const [contactId, agentId, campaignKnown] = await Promise.all([
      this.contacts.findIdByPhone(tenantId, event.contactPhone),
      event.agentSub ? this.agents.findIdBySub(tenantId, event.agentSub) : null,
      event.campaignId ? this.campaigns.exists(tenantId, event.campaignId) : false,
    ]);
    return { contactId, agentId, campaignId: campaignKnown ? event.campaignId! : null };
  }
}

/** Postgres data exceptions (class 22: a value out of range…) fail the same way on every retry. */
function rethrowAsPoisonIfData(err: unknown): never {
  if (err instanceof pg.DatabaseError && err.code?.startsWith('22')) {
    throw new PoisonMessageError(`call event rejected by the database: ${err.message}`, { cause: err });
  }
  throw err;
}
