import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Call } from './call.entity.js';
import { CallsRepository } from './calls.repository.js';
import { CallEvent } from './events/call-event.entity.js';
import { CallEventsRepository } from './events/call-events.repository.js';

/**
 * The calls tables and their repositories, with no routes and no queue handlers:
 * what the calls feature builds on and what reports read calls through.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Call, CallEvent])],
  providers: [CallsRepository, CallEventsRepository],
  exports: [CallsRepository, CallEventsRepository],
})
export class CallsCoreModule {}
