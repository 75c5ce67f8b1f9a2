import { ApiProperty } from '@nestjs/swagger';
import { AGENT_ROLES, AGENT_STATES, type Agent, type AgentRole, type AgentState } from '../agent.entity.js';

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

  @ApiProperty({ enum: AGENT_STATES, description: 'reserved: holds a lease; wrap_up: after logging a call; a new agent starts available' })
  state: AgentState;

  @ApiProperty({ type: String, format: 'date-time', description: 'When the agent entered its state' })
  stateSince: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When reserved (the lease expires) or wrap_up lapses to available' })
  stateUntil: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'lunch', description: "A break's reason code" })
  breakReason: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The campaign of the lease (reserved) or of the call wrapped up' })
  campaignId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The contact of the lease (reserved) or of the call wrapped up' })
  contactId: string | null;

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
      state: agent.state,
      stateSince: agent.stateSince.toISOString(),
      stateUntil: agent.stateUntil?.toISOString() ?? null,
      breakReason: agent.stateReason,
      campaignId: agent.stateCampaignId,
      contactId: agent.stateContactId,
      version: agent.version,
      createdAt: agent.createdAt.toISOString(),
      updatedAt: agent.updatedAt.toISOString(),
    };
  }
}
