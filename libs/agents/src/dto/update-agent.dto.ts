import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PRESENCES, type Presence } from '../agent.entity.js';

export class UpdateAgentDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'Ada Lovelace' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: PRESENCES })
  @IsOptional()
  @IsIn(PRESENCES)
  presence?: Presence;
}

export class PresenceDto {
  @ApiProperty({ enum: PRESENCES })
  @IsIn(PRESENCES)
  presence: Presence;
}
