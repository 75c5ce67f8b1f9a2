import { ApiProperty } from '@nestjs/swagger';
import { AGENT_ROLES, PRESENCES, type Agent, type AgentRole, type Presence } from '../agent.entity.js';

export class AgentDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: "Identity subject (the token's sub)", example: 'auth0|64f1c2…' })
  sub: string;

  @ApiProperty({ type: String, nullable: true, example: 'Ada Lovelace' })
  name: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'email', example: 'ada@example.com' })
  email: string | null;

  @ApiProperty({ enum: AGENT_ROLES, description: "Label copied from the token's roles claim at sign-in; authority comes from permissions" })
  role: AgentRole;

  @ApiProperty({ enum: PRESENCES })
  presence: Presence;

  @ApiProperty({ example: 1, description: 'Optimistic-locking version; also the ETag' })
  version: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: string;

  static of(agent: Agent): AgentDto {
    return {
      id: agent.id,
      sub: agent.sub,
      name: agent.name,
      email: agent.email,
      role: agent.role,
      presence: agent.presence,
      version: agent.version,
      createdAt: agent.createdAt.toISOString(),
      updatedAt: agent.updatedAt.toISOString(),
    };
  }
}
