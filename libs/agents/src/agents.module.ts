import { Module } from '@nestjs/common';
import { AgentStatesController } from './agent-states.controller.js';
import { AgentsController } from './agents.controller.js';
import { AgentsCoreModule } from './agents-core.module.js';
import { BreakReasonsController } from './break-reasons.controller.js';
import { MeController } from './me.controller.js';

/**
 * The `agents` entry: `/v1/me` and `/v1/agents`. Agents are provisioned by the auth
 * guard (libs/auth) in every topology. Other features import AgentsCoreModule.
 * `break-reasons` is routed before `/v1/agents/:id`, which would take it for an id.
 */
@Module({
  imports: [AgentsCoreModule],
  controllers: [MeController, BreakReasonsController, AgentStatesController, AgentsController],
  exports: [AgentsCoreModule],
})
export class AgentsModule {}
