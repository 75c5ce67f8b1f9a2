import { Module } from '@nestjs/common';
import { AgentsDataModule } from './agents-data.module.js';
import { AgentsService } from './agents.service.js';

/** Agents' service and repository for other features (call events resolve an agent): no routes. */
@Module({
  imports: [AgentsDataModule],
  providers: [AgentsService],
  exports: [AgentsService, AgentsDataModule],
})
export class AgentsCoreModule {}
