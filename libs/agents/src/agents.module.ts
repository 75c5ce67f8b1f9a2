import { Module } from '@nestjs/common';
import { AgentsController } from './agents.controller.js';
import { AgentsCoreModule } from './agents-core.module.js';
import { MeController } from './me.controller.js';

/**
 * The `agents` entry: `/v1/me` and `/v1/agents`. Agents are provisioned by the auth
 * guard (libs/auth) in every topology. Other features import AgentsCoreModule.
 */
@Module({
  imports: [AgentsCoreModule],
  controllers: [MeController, AgentsController],
  exports: [AgentsCoreModule],
})
export class AgentsModule {}
