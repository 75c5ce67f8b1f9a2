import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { PageQueryDto } from '#switchboard/common';
import { IsOptional, IsUUID } from 'class-validator';
import { StartedAtRangeDto } from './started-at-range.dto.js';

export class ListCallsQueryDto extends IntersectionType(PageQueryDto, StartedAtRangeDto) {
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
}
