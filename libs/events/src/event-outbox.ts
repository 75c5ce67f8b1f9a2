import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { EventOutboxEntry } from './event-outbox.entity.js';
import type { DomainEvent, EventPayload } from './event-types.js';

/** Rows per INSERT: far below Postgres's 65,535 bind parameters at 5 per row. */
const ROWS_PER_INSERT = 1000;

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
    const [eventId] = await this.recordMany(manager, [event]);
    return eventId!;
  }

  /** Records many events in the caller's transaction, a few statements for any number (a bulk import's listings). */
  async recordMany(manager: EntityManager, events: readonly DomainEvent[]): Promise<string[]> {
    const rows = events.map((event) => {
      const id = randomUUID();
      const payload: EventPayload = { eventId: id, type: event.type, occurredAt: event.occurredAt.toISOString(), tenantId: event.tenantId, data: event.data };
      return { id, tenantId: event.tenantId, type: event.type, occurredAt: event.occurredAt, payload };
    });
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(EventOutboxEntry)
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .updateEntity(false)
        .execute();
    }
    return rows.map((row) => row.id);
  }
}
