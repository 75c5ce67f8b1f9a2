import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgentStateChange } from './agent-state-change.entity.js';
import { AgentStateHistoryRepository } from './agent-state-history.repository.js';
import { AgentStates } from './agent-states.service.js';
import { AgentsDataModule } from './agents-data.module.js';
import { AgentsService } from './agents.service.js';
import { BreakReason } from './break-reason.entity.js';
import { BreakReasonsRepository } from './break-reasons.repository.js';
import { BreakReasonsService } from './break-reasons.service.js';

/**
 * Agents' services and repositories for other features, no routes: call events
 * resolve an agent, next-contact reserves one, logging a call wraps it up,
 * reports read the state history.
 */
@Module({
  imports: [AgentsDataModule, TypeOrmModule.forFeature([AgentStateChange, BreakReason])],
  providers: [AgentsService, AgentStates, AgentStateHistoryRepository, BreakReasonsRepository, BreakReasonsService],
  exports: [AgentsService, AgentStates, AgentStateHistoryRepository, BreakReasonsService, AgentsDataModule],
})
export class AgentsCoreModule {}
