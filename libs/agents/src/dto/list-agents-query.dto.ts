import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '#switchboard/common';
import { IsIn, IsOptional } from 'class-validator';
import { AGENT_STATES, type AgentState } from '../agent.entity.js';

export class ListAgentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AGENT_STATES, description: 'Only agents in this state' })
  @IsOptional()
  @IsIn(AGENT_STATES)
  state?: AgentState;
}
