import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEFAULT_WRAP_UP_SECONDS } from '#switchboard/agents';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsNotEmptyObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MAX_ATTEMPTS, MAX_DELAY_MINUTES, RetryRuleDto } from './retry-rule.dto.js';
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

  @ApiPropertyOptional({
    type: () => [RetryRuleDto],
    description: 'Per disposition (each at most once): when to retry and how often. A disposition without a rule ends the lead.',
  })
  // Optional, but a null is validated (and refused), not skipped: the column is NOT NULL.
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => RetryRuleDto)
  retryRules?: RetryRuleDto[];

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: MAX_ATTEMPTS,
    description: 'Attempts per contact per (UTC) day; null for no cap',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ATTEMPTS)
  maxAttemptsPerDay?: number | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 1440, default: 15, description: "After a callback's time, how long only its owner gets it" })
  // Optional, but a null is validated (and refused), not skipped: the column is NOT NULL.
  @ValidateIf((_, value) => value !== undefined)
  @IsInt()
  @Min(0)
  @Max(1440)
  callbackGraceMinutes?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_DELAY_MINUTES,
    default: 60,
    description: 'A callback without a time: anyone may call back after this',
  })
  // Optional, but a null is validated (and refused), not skipped: the column is NOT NULL.
  @ValidateIf((_, value) => value !== undefined)
  @IsInt()
  @Min(1)
  @Max(MAX_DELAY_MINUTES)
  callbackDefaultDelayMinutes?: number;
}
