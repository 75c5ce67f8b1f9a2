import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsUUID, ValidateIf, ValidateNested } from 'class-validator';
import { ContactFilterDto } from './campaign-contact.dto.js';

export const MAX_CONTACTS_PER_REQUEST = 1000;

export class AddCampaignContactsDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    minItems: 1,
    maxItems: MAX_CONTACTS_PER_REQUEST,
    description: 'Ids of contacts to add (or a filter instead)',
  })
  @ValidateIf((dto: AddCampaignContactsDto) => dto.filter === undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CONTACTS_PER_REQUEST)
  @IsUUID('all', { each: true })
  contactIds?: string[];

  @ApiPropertyOptional({
    type: () => ContactFilterDto,
    description: 'Instead of ids: the live contacts with these tags and/or status (at most 10,000 per request)',
  })
  @ValidateIf((dto: AddCampaignContactsDto) => dto.contactIds === undefined || dto.filter !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => ContactFilterDto)
  filter?: ContactFilterDto;
}

export class AddCampaignContactsResultDto {
  @ApiProperty({ type: 'integer', minimum: 0, example: 98, description: 'Contacts newly added to the campaign' })
  added: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 2,
    description: "Ids not added: unknown, another tenant's, deleted, do_not_call, already in the campaign, or repeated",
  })
  skipped: number;
}
