import { ApiProperty } from '@nestjs/swagger';
import { AGENT_STATES, type AgentState } from '../agent.entity.js';
import type { AgentStateChange } from '../agent-state-change.entity.js';

/** One stay of an agent in a state, from its history. */
export class AgentStayDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: AGENT_STATES })
  state: AgentState;

  @ApiProperty({ type: String, nullable: true, description: "A break's reason code" })
  reason: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  campaignId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  contactId: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  from: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null while the agent is still in it' })
  to: string | null;

  static of(stay: AgentStateChange): AgentStayDto {
    return {
      id: stay.id,
      state: stay.state,
      reason: stay.reason,
      campaignId: stay.campaignId,
      contactId: stay.contactId,
      from: stay.startedAt.toISOString(),
      to: stay.endedAt?.toISOString() ?? null,
    };
  }
}
