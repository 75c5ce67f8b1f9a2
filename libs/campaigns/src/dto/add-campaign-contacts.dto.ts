import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';

export const MAX_CONTACTS_PER_REQUEST = 1000;

export class AddCampaignContactsDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    minItems: 1,
    maxItems: MAX_CONTACTS_PER_REQUEST,
    description: 'Ids of contacts to add',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CONTACTS_PER_REQUEST)
  @IsUUID('all', { each: true })
  contactIds: string[];
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
