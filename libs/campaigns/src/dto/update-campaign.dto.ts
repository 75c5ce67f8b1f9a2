import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmptyObject, IsString, Matches, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { DiallingWindowDto } from './dialling-window.dto.js';
import { E164, IsIanaTimeZone } from './campaign-fields.js';

// ValidateIf(undefined) instead of IsOptional: IsOptional lets null through, and
// none of these fields may be cleared.
const present = (_: object, value: unknown) => value !== undefined;

export class UpdateCampaignDto {
  @ApiPropertyOptional({ example: 'Spring renewals', minLength: 1, maxLength: 200 })
  @ValidateIf(present)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '+14155550100', pattern: E164.source })
  @ValidateIf(present)
  @IsString()
  @Matches(E164, { message: 'callerId must be a phone number in E.164 form, e.g. +14155550100' })
  callerId?: string;

  @ApiPropertyOptional({ example: 'Europe/Paris' })
  @ValidateIf(present)
  @IsString()
  @IsIanaTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ type: () => DiallingWindowDto, description: 'Replaces the whole window' })
  @ValidateIf(present)
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => DiallingWindowDto)
  window?: DiallingWindowDto;
}
