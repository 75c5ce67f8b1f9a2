import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEFAULT_WRAP_UP_SECONDS } from '#switchboard/agents';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmptyObject, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { DiallingWindowDto } from './dialling-window.dto.js';
import { E164, IsIanaTimeZone } from './campaign-fields.js';

export class CreateCampaignDto {
  @ApiProperty({ example: 'Spring renewals', minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '+14155550100', pattern: E164.source, description: 'Number shown to the called party, E.164' })
  @IsString()
  @Matches(E164, { message: 'callerId must be a phone number in E.164 form, e.g. +14155550100' })
  callerId: string;

  @ApiProperty({ example: 'America/New_York', description: 'IANA time zone the dialling window is read in' })
  @IsString()
  @IsIanaTimeZone()
  timezone: string;

  @ApiProperty({
    type: () => DiallingWindowDto,
    description: 'Daily dialling window in `timezone`; start and end must differ. A change replaces the whole window.',
  })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => DiallingWindowDto)
  window: DiallingWindowDto;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 3600,
    default: DEFAULT_WRAP_UP_SECONDS,
    description: 'Seconds an agent wraps up after logging a call of this campaign before it is available again',
  })
  // Optional, but a null is validated (and refused), not skipped: the column is NOT NULL.
  @ValidateIf((_, value) => value !== undefined)
  @IsInt()
  @Min(0)
  @Max(3600)
  wrapUpSeconds?: number;
}
