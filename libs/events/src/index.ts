export { EventsModule } from './events.module.js';
export { EventOutbox } from './event-outbox.js';
export { EventOutboxEntry } from './event-outbox.entity.js';
export { EVENT_TYPES } from './event-types.js';
export type { DomainEvent, EventPayload, EventType } from './event-types.js';
