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
import { TelephonySigningKeysCoreModule } from './telephony/signing-keys/telephony-signing-keys-core.module.js';
import { TelephonySigningKeysController } from './telephony/signing-keys/telephony-signing-keys.controller.js';
import { TelephonySigningKeysService } from './telephony/signing-keys/telephony-signing-keys.service.js';

/**
 * The `calls` entry: `/v1/calls`, the tenants' webhook signing keys
 * (`/v1/telephony/signing-keys`, behind a token) and the consumer of `call-events`
 * (the webhook itself is TelephonyModule). Other features only through their core modules, so the calls
 * function mounts none of their routes or queue handlers.
 */
@Module({
  imports: [CallsCoreModule, TelephonySigningKeysCoreModule, ContactsCoreModule, CampaignsCoreModule, AgentsCoreModule, QueueModule.forFeature(), EventsModule],
  controllers: [CallsController, TelephonySigningKeysController],
  providers: [CallsService, CallOutcomeService, CallEventsService, CallEventsHandler, TelephonySigningKeysService],
})
export class CallsModule {}
