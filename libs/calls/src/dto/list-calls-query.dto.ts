import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@switchboard/common';
import { IsOptional, IsUUID } from 'class-validator';
import { IsTimestamp } from './is-timestamp.validator.js';

export class ListCallsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  contactId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  agentId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Calls started at or after this instant (ISO 8601 with offset)' })
  @IsOptional()
  @IsTimestamp()
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Calls started before this instant (half-open range); after from' })
  @IsOptional()
  @IsTimestamp()
  to?: string;
}
