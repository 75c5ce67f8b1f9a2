import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { CHOSEN_AGENT_STATES, type ChosenAgentState } from '../agent.entity.js';

/** `PUT /v1/me/state` and `PUT /v1/agents/:id/state`: reserved and wrap_up are the system's to set. */
export class SetAgentStateDto {
  @ApiProperty({ enum: CHOSEN_AGENT_STATES, example: 'break', description: 'available ends a wrap-up; break needs a reason' })
  @IsIn(CHOSEN_AGENT_STATES)
  state: ChosenAgentState;

  @ApiPropertyOptional({ example: 'lunch', description: "A break's reason: one of the tenant's break reasons (GET /v1/agents/break-reasons)" })
  @IsOptional()
  @IsString()
  reason?: string;
}
