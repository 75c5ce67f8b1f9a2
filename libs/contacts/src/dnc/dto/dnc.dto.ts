import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { PageQueryDto } from '#switchboard/common';
import { trim } from '../../dto/create-contact.dto.js';
import { DNC_ACTIONS, type DncAction, type DncHistory } from '../dnc-history.entity.js';
import { DNC_SOURCES, type DncNumber, type DncSource } from '../dnc-number.entity.js';
import { DncImportRowDto, DncNumberInputDto, MAX_REASON_LENGTH } from './dnc-number-input.dto.js';

/** Numbers one request may list; more go through POST /v1/dnc/imports. */
export const MAX_NUMBERS_PER_REQUEST = 1000;

const ACTOR = 'Agent id of who did it; `provider` for a telephony event, `migration` for numbers listed when the list was introduced';

export class AddDncNumbersDto {
  @ApiProperty({ type: [DncNumberInputDto], minItems: 1, maxItems: MAX_NUMBERS_PER_REQUEST })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_NUMBERS_PER_REQUEST)
  @ValidateNested({ each: true })
  @Type(() => DncNumberInputDto)
  numbers: DncNumberInputDto[];
}

/** The JSON form of a do-not-call import body (documentation; rows are validated one by one later). */
export class ImportDncNumbersDto {
  @ApiProperty({ type: [DncImportRowDto], minItems: 1, description: 'Rows, numbered from 1; an invalid one becomes a row error' })
  numbers: DncImportRowDto[];
}

/** A listed number. */
export class DncEntryDto {
  @ApiProperty({ example: '+12025550123', description: 'E.164' })
  phone: string;

  @ApiProperty({ type: String, nullable: true, example: 'Asked not to be called' })
  reason: string | null;

  @ApiProperty({ enum: DNC_SOURCES })
  source: DncSource;

  @ApiProperty({ description: ACTOR })
  listedBy: string;

  @ApiProperty({ format: 'date-time' })
  listedAt: string;
}

export class AddedDncNumbersDto {
  @ApiProperty({ description: 'Numbers newly listed' })
  added: number;

  @ApiProperty({ description: 'Numbers that were listed already (their first listing is kept)' })
  alreadyListed: number;

  @ApiProperty({ type: [DncEntryDto], description: 'Every number of the request as now listed, in request order (repeats once)' })
  items: DncEntryDto[];
}

/** One change to the list. */
export class DncHistoryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '+12025550123' })
  phone: string;

  @ApiProperty({ enum: DNC_ACTIONS })
  action: DncAction;

  @ApiProperty({ enum: DNC_SOURCES, description: 'api, import, disposition (an agent logged do_not_call) or event (the provider reported it)' })
  source: DncSource;

  @ApiProperty({ description: ACTOR })
  actor: string;

  @ApiProperty({ type: String, nullable: true })
  reason: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class ListDncHistoryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only the changes of this number (any common spelling)', maxLength: 40 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  phone?: string;
}

/** The optional body of a removal (free text travels in the body, never in a write's query string). */
export class RemoveDncDto {
  @ApiPropertyOptional({ description: 'Why the number may be called again (kept in the history)', maxLength: MAX_REASON_LENGTH })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_REASON_LENGTH)
  reason?: string;
}

export const toDncEntryDto = (n: DncNumber): DncEntryDto => ({
  phone: n.phone,
  reason: n.reason,
  source: n.source,
  listedBy: n.listedBy,
  listedAt: n.listedAt.toISOString(),
});

export const toDncHistoryDto = (h: DncHistory): DncHistoryDto => ({
  id: h.id,
  phone: h.phone,
  action: h.action,
  source: h.source,
  actor: h.actor,
  reason: h.reason,
  createdAt: h.createdAt.toISOString(),
});
