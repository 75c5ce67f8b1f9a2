import { ApiProperty, PartialType, PickType } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { PRESENCES, type Presence } from '../agent.entity.js';

/**
 * What a client may set on an agent (agents are created from tokens, so there
 * is no creation body): the rules every change of an agent is validated by.
 */
class AgentSettingsDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Ada Lovelace' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: PRESENCES })
  @IsIn(PRESENCES)
  presence: Presence;
}

/**
 * `PATCH /v1/agents/:id`: any of the settings. `skipNullProperties: false`
 * validates a null instead of skipping it: neither may be cleared (presence is
 * NOT NULL).
 */
export class UpdateAgentDto extends PartialType(AgentSettingsDto, { skipNullProperties: false }) {}

/** `PUT /v1/me/presence`. */
export class PresenceDto extends PickType(AgentSettingsDto, ['presence']) {}
