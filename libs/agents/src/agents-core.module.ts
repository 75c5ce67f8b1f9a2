import { Module } from '@nestjs/common';
import { AgentsService } from './agents.service.js';

/** Agents' service for other features (call events resolve an agent): no routes. */
@Module({
  providers: [AgentsService],
  exports: [AgentsService],
})
export class AgentsCoreModule {}
