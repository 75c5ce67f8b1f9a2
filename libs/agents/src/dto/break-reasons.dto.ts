import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

export const BREAK_REASON_CODE = /^[a-z][a-z0-9_]{0,39}$/;

export class BreakReasonDto {
  @ApiProperty({ example: 'lunch', pattern: BREAK_REASON_CODE.source, description: 'Stable code, named by PUT /v1/me/state and in reports' })
  @IsString()
  @Matches(BREAK_REASON_CODE, { message: 'code must be lower-case letters, digits and _ (at most 40), starting with a letter' })
  code: string;

  @ApiProperty({ example: 'Lunch', minLength: 1, maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  label: string;
}

/** `GET` and `PUT /v1/agents/break-reasons`: the whole list, in the order agents see it. */
export class BreakReasonsDto {
  @ApiProperty({ type: [BreakReasonDto], minItems: 1, maxItems: 50 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => BreakReasonDto)
  items: BreakReasonDto[];
}
