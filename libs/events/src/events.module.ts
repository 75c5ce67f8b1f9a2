import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventOutboxEntry } from './event-outbox.entity.js';
import { EventOutbox } from './event-outbox.js';

/** The event outbox for features that announce changes; import it where events are recorded. */
@Module({
  imports: [TypeOrmModule.forFeature([EventOutboxEntry])],
  providers: [EventOutbox],
  exports: [EventOutbox],
})
export class EventsModule {}
