import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/**
 * What a client may set on an agent (agents are created from tokens, so there
 * is no creation body). The state has its own routes (`PUT /v1/me/state`,
 * `PUT /v1/agents/:id/state`).
 */
class AgentSettingsDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Ada Lovelace' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;
}

/** `PATCH /v1/agents/:id`. `skipNullProperties: false` validates a null instead of skipping it: the name may not be cleared. */
export class UpdateAgentDto extends PartialType(AgentSettingsDto, { skipNullProperties: false }) {}
