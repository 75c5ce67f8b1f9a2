import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsTimestamp } from '@switchboard/calls';
import { IsOptional } from 'class-validator';

export class AgentsReportQueryDto {
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Calls started at or after this instant (ISO 8601 with offset)' })
  @IsOptional()
  @IsTimestamp()
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Calls started before this instant (half-open range); after from' })
  @IsOptional()
  @IsTimestamp()
  to?: string;
}
