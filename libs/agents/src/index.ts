export { AgentsModule } from './agents.module.js';
export { AgentsCoreModule } from './agents-core.module.js';
export { AgentsService } from './agents.service.js';
export type { AgentChanges } from './agents.service.js';
export { AGENT_ROLES, PRESENCES } from './agent.entity.js';
export type { Agent, AgentRole, Presence } from './agent.entity.js';
export { AgentDto } from './dto/agent.dto.js';
export { AgentNotFoundError } from './agents.errors.js';
