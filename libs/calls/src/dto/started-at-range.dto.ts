import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsTimestamp } from './is-timestamp.validator.js';

/** A half-open `[from, to)` range on a call's `startedAt`, shared by call lists and reports. */
export class StartedAtRangeDto {
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Calls started at or after this instant (ISO 8601 with offset)' })
  @IsOptional()
  @IsTimestamp()
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Calls started before this instant (half-open range); after from' })
  @IsOptional()
  @IsTimestamp()
  to?: string;
}
