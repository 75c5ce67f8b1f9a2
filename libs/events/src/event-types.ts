/**
 * The events Switchboard announces to webhook subscribers (docs/webhooks.md).
 * `contact.dnc_added` and `contact.dnc_removed` are recorded by the do-not-call list.
 */
export const EVENT_TYPES = [
  'call.completed',
  'contact.created',
  'contact.updated',
  'contact.dnc_added',
  'contact.dnc_removed',
  'import.completed',
  'campaign.status_changed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What a feature records: `data` is the resource as the API shows it (its DTO). */
export interface DomainEvent {
  type: EventType;
  tenantId: string;
  occurredAt: Date;
  data: object;
}

/** The payload a subscriber receives, as stored in the outbox. */
export interface EventPayload {
  eventId: string;
  type: EventType;
  occurredAt: string;
  tenantId: string;
  data: object;
}
