import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { trim } from '../../dto/create-contact.dto.js';

export const MAX_REASON_LENGTH = 500;

const PHONE = () =>
  applyDecorators(
    ApiProperty({ example: '+1 202 555 0123', maxLength: 40, description: 'Any common spelling; stored as E.164 (DEFAULT_PHONE_REGION for national numbers)' }),
    IsString(),
    IsNotEmpty(),
    MaxLength(40),
  );
const REASON = () => applyDecorators(Transform(trim), IsString(), IsNotEmpty(), MaxLength(MAX_REASON_LENGTH));

/** A number to list through the API, with its reason. */
export class DncNumberInputDto {
  @PHONE()
  phone: string;

  @ApiProperty({ example: 'Asked not to be called', minLength: 1, maxLength: MAX_REASON_LENGTH })
  @REASON()
  reason: string;
}

/** A number to list as an import row gives it: the reason may be left out. */
export class DncImportRowDto {
  @PHONE()
  phone: string;

  @ApiPropertyOptional({ example: 'Asked not to be called', maxLength: MAX_REASON_LENGTH })
  @IsOptional()
  @REASON()
  reason?: string;
}
