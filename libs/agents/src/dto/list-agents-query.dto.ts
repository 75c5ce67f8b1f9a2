import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '#switchboard/common';
import { IsIn, IsOptional } from 'class-validator';
import { PRESENCES, type Presence } from '../agent.entity.js';

export class ListAgentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PRESENCES, description: 'Only agents with this presence' })
  @IsOptional()
  @IsIn(PRESENCES)
  presence?: Presence;
}
