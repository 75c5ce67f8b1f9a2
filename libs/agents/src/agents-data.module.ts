import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgentDirectory } from '#switchboard/auth';
import { Agent } from './agent.entity.js';
import { AgentsRepository } from './agents.repository.js';

/**
 * The `agents` table: its entity and its one repository, which is also auth's
 * AgentDirectory (sign-in provisioning). Global and part of PlatformModule, so
 * every function provisions agents and maps the entity, whichever feature it serves.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Agent])],
  providers: [AgentsRepository, { provide: AgentDirectory, useExisting: AgentsRepository }],
  exports: [AgentsRepository, AgentDirectory],
})
export class AgentsDataModule {}
