import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgentsModule } from '@switchboard/agents';
import { CampaignsModule } from '@switchboard/campaigns';
import { contactsConfig, ContactsModule } from '@switchboard/contacts';
import { QueueModule } from '@switchboard/queue';
import { CallOutcomeService } from './call-outcome.service.js';
import { Call } from './call.entity.js';
import { CallsController } from './calls.controller.js';
import { CallsService } from './calls.service.js';
import { CallEventsHandler } from './events/call-events.handler.js';
import { CallEventsService } from './events/call-events.service.js';

/** Calls (`/v1/calls`) and the consumer of `call-events`. The webhook is TelephonyModule. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Call]),
    ConfigModule.forFeature(contactsConfig),
    ContactsModule,
    CampaignsModule,
    AgentsModule,
    QueueModule.forFeature(),
  ],
  controllers: [CallsController],
  providers: [CallsService, CallOutcomeService, CallEventsService, CallEventsHandler],
})
export class CallsModule {}
