import { Module } from '@nestjs/common';
import { AgentsCoreModule } from '#switchboard/agents';
import { CampaignsCoreModule } from '#switchboard/campaigns';
import { ContactsCoreModule } from '#switchboard/contacts';
import { EventsModule } from '#switchboard/events';
import { QueueModule } from '#switchboard/queue';
import { CallOutcomeService } from './call-outcome.service.js';
import { CallsCoreModule } from './calls-core.module.js';
import { CallsController } from './calls.controller.js';
import { CallsService } from './calls.service.js';
import { CallEventsHandler } from './events/call-events.handler.js';
import { CallEventsService } from './events/call-events.service.js';

/**
 * The `calls` entry: `/v1/calls` and the consumer of `call-events` (the webhook is
 * TelephonyModule). Other features only through their core modules, so the calls
 * function mounts none of their routes or queue handlers.
 */
@Module({
  imports: [CallsCoreModule, ContactsCoreModule, CampaignsCoreModule, AgentsCoreModule, QueueModule.forFeature(), EventsModule],
  controllers: [CallsController],
  providers: [CallsService, CallOutcomeService, CallEventsService, CallEventsHandler],
})
export class CallsModule {}
