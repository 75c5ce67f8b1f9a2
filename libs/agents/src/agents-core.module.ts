import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Agent } from './agent.entity.js';
import { AgentsService } from './agents.service.js';

/** Agents' service for other features (call events resolve an agent): no routes. */
@Module({
  imports: [TypeOrmModule.forFeature([Agent])],
  providers: [AgentsService],
  exports: [AgentsService],
})
export class AgentsCoreModule {}
