import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { EventOutboxEntry } from './event-outbox.entity.js';
import type { DomainEvent, EventPayload } from './event-types.js';

/**
 * Where features record the events they announce. `record` writes through the
 * caller's transaction (`manager`), so an event exists exactly when the change
 * it reports committed: never for a rolled-back change, never lost for a
 * committed one. The webhooks relay hands the rows on.
 */
@Injectable()
export class EventOutbox {
  /** Records `event` in the caller's transaction; resolves to its event id. */
  async record(manager: EntityManager, event: DomainEvent): Promise<string> {
    const eventId = randomUUID();
    const payload: EventPayload = {
      eventId,
      type: event.type,
      occurredAt: event.occurredAt.toISOString(),
      tenantId: event.tenantId,
      data: event.data,
    };
    await manager
      .createQueryBuilder()
      .insert()
      .into(EventOutboxEntry)
      .values({ id: eventId, tenantId: event.tenantId, type: event.type, occurredAt: event.occurredAt, payload })
      .updateEntity(false)
      .execute();
    return eventId;
  }
}
