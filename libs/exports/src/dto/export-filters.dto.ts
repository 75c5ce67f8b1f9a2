import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { ListCallsQueryDto } from '#switchboard/calls';
import { CAMPAIGN_CONTACT_STATES, type CampaignContactState } from '#switchboard/campaigns';
import { ListContactsQueryDto } from '#switchboard/contacts';
import { IsIn, IsOptional, IsUUID } from 'class-validator';

/** `type: calls`: the filters of GET /v1/calls (from/to half-open on startedAt). */
export class CallsExportFilterDto extends PickType(ListCallsQueryDto, ['contactId', 'agentId', 'campaignId', 'from', 'to'] as const) {}

/** `type: contacts`: the filters of GET /v1/contacts. */
export class ContactsExportFilterDto extends PickType(ListContactsQueryDto, ['status', 'tag', 'q'] as const) {}

/** `type: campaign-contacts`: one campaign's contact list, optionally in one state. */
export class CampaignContactsExportFilterDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  campaignId: string;

  @ApiPropertyOptional({ enum: CAMPAIGN_CONTACT_STATES })
  @IsOptional()
  @IsIn(CAMPAIGN_CONTACT_STATES)
  state?: CampaignContactState;
}
