import { ApiProperty } from '@nestjs/swagger';
import { CAMPAIGN_STATUSES, type Campaign, type CampaignStatus } from '../campaign.entity.js';
import { DiallingWindowDto } from './dialling-window.dto.js';
import { RetryRuleDto } from './retry-rule.dto.js';

export class CampaignDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Spring renewals' })
  name: string;

  @ApiProperty({ example: '+14155550100' })
  callerId: string;

  @ApiProperty({ example: 'America/New_York' })
  timezone: string;

  @ApiProperty({ type: () => DiallingWindowDto })
  window: DiallingWindowDto;

  @ApiProperty({ enum: CAMPAIGN_STATUSES, example: 'draft' })
  status: CampaignStatus;

  @ApiProperty({ type: 'integer', example: 30, description: 'Seconds an agent wraps up after logging a call of this campaign' })
  wrapUpSeconds: number;

  @ApiProperty({ type: () => [RetryRuleDto] })
  retryRules: RetryRuleDto[];

  @ApiProperty({ type: 'integer', nullable: true })
  maxAttemptsPerDay: number | null;

  @ApiProperty({ type: 'integer', example: 15 })
  callbackGraceMinutes: number;

  @ApiProperty({ type: 'integer', example: 60 })
  callbackDefaultDelayMinutes: number;

  @ApiProperty({ type: 'integer', example: 1, description: 'Optimistic-locking version, also sent as ETag W/"<version>"' })
  version: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export function toCampaignDto(c: Campaign): CampaignDto {
  return {
    id: c.id,
    name: c.name,
    callerId: c.callerId,
    timezone: c.timezone,
    window: { start: c.windowStart, end: c.windowEnd },
    status: c.status,
    wrapUpSeconds: c.wrapUpSeconds,
    retryRules: c.retryRules ?? [],
    maxAttemptsPerDay: c.maxAttemptsPerDay ?? null,
    callbackGraceMinutes: c.callbackGraceMinutes,
    callbackDefaultDelayMinutes: c.callbackDefaultDelayMinutes,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
