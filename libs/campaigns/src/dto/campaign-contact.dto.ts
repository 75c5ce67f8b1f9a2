import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString } from 'class-validator';
import { PageQueryDto } from '#switchboard/common';
import { CAMPAIGN_CONTACT_STATES, type CampaignContact, type CampaignContactState } from '../campaign-contact.entity.js';
import { DISPOSITIONS } from './retry-rule.dto.js';

/** A contact's place in a campaign. */
export class CampaignContactDto {
  @ApiProperty({ format: 'uuid' })
  contactId: string;

  @ApiProperty({ enum: CAMPAIGN_CONTACT_STATES })
  state: CampaignContactState;

  @ApiProperty({ type: 'integer' })
  attempts: number;

  @ApiProperty({ type: 'string', nullable: true, enum: DISPOSITIONS })
  lastDisposition: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  nextAttemptAt: string | null;

  @ApiProperty({ example: 'America/New_York' })
  timeZone: string;
}

export const toCampaignContactDto = (r: CampaignContact): CampaignContactDto => ({
  contactId: r.contactId,
  state: r.state,
  attempts: r.attempts,
  lastDisposition: r.lastDisposition,
  nextAttemptAt: r.nextAttemptAt ? r.nextAttemptAt.toISOString() : null,
  timeZone: r.timeZone,
});

export class ListCampaignContactsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CAMPAIGN_CONTACT_STATES })
  @IsOptional()
  @IsIn(CAMPAIGN_CONTACT_STATES)
  state?: CampaignContactState;
}

export class ResetCampaignContactsDto {
  @ApiProperty({ enum: DISPOSITIONS, isArray: true, description: 'Done or exhausted contacts whose last disposition is one of these go back to pending' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DISPOSITIONS.length)
  @IsIn(DISPOSITIONS, { each: true })
  dispositions: string[];
}

export class ResetResultDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Contacts put back to pending' })
  reset: number;
}

export class ContactFilterDto {
  @ApiPropertyOptional({ type: [String], description: 'Contacts carrying all of these tags' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  tags?: string[];

  @ApiPropertyOptional({ enum: ['new', 'contacted', 'callback'] })
  @IsOptional()
  @IsIn(['new', 'contacted', 'callback'])
  status?: string;
}
