import type { CallDirection, CallDisposition } from './call-disposition.js';

/**
 * One interaction with a contact. Logged by an agent (`POST /v1/calls`) or built
 * up from the telephony provider's events (keyed by `providerCallId`), in which
 * case any field may still be unknown while the call is in progress.
 */
export interface Call {
  id: string;
  tenantId: string;
  contactId: string | null;
  contactPhone: string | null;
  agentId: string | null;
  campaignId: string | null;
  direction: CallDirection | null;
  startedAt: Date | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  disposition: CallDisposition | null;
  notes: string | null;
  providerCallId: string | null;
  recordingUrl: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The select list (or `RETURNING` list) of a `calls` row as a `Call`. */
export const CALL_COLUMNS = `id, tenant_id AS "tenantId", contact_id AS "contactId", contact_phone AS "contactPhone",
  agent_id AS "agentId", campaign_id AS "campaignId", direction, started_at AS "startedAt", answered_at AS "answeredAt",
  ended_at AS "endedAt", disposition, notes, provider_call_id AS "providerCallId", recording_url AS "recordingUrl",
  version, created_at AS "createdAt", updated_at AS "updatedAt"`;
