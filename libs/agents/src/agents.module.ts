import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Agent } from './agent.entity.js';
import { AgentsController } from './agents.controller.js';
import { AgentsService } from './agents.service.js';
import { MeController } from './me.controller.js';

/** `/v1/me` and `/v1/agents`. Agents are provisioned by the auth guard (libs/auth) in every topology. */
@Module({
  imports: [TypeOrmModule.forFeature([Agent])],
  controllers: [MeController, AgentsController],
  providers: [AgentsService],
  exports: [AgentsService],
})
export class AgentsModule {}
