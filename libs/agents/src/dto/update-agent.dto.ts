import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PRESENCES, type Presence } from '../agent.entity.js';

// ValidateIf(undefined) instead of IsOptional: IsOptional lets null through, and
// neither field may be cleared (presence is NOT NULL: null was a 500).
const present = (_: object, value: unknown) => value !== undefined;

export class UpdateAgentDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'Ada Lovelace' })
  @ValidateIf(present)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: PRESENCES })
  @ValidateIf(present)
  @IsIn(PRESENCES)
  presence?: Presence;
}

export class PresenceDto {
  @ApiProperty({ enum: PRESENCES })
  @IsIn(PRESENCES)
  presence: Presence;
}
