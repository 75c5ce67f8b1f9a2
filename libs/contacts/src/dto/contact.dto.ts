import { ApiProperty } from '@nestjs/swagger';
import { CONTACT_STATUSES, type Contact, type ContactFields, type ContactStatus } from '../contact.entity.js';
import { FIELDS_SCHEMA } from './flat-fields.validator.js';

/** A contact as the API shows it. */
export class ContactDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name: string;

  @ApiProperty({ example: '+12025550123', description: 'E.164' })
  phone: string;

  @ApiProperty({ type: String, format: 'email', nullable: true })
  email: string | null;

  @ApiProperty({ type: [String] })
  tags: string[];

  @ApiProperty(FIELDS_SCHEMA)
  fields: ContactFields;

  @ApiProperty({ enum: CONTACT_STATUSES })
  status: ContactStatus;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'America/New_York',
    description: "IANA time zone the contact is called in; null: the campaign's (its number maps to no single zone)",
  })
  timeZone: string | null;

  @ApiProperty({ description: 'Increases on every change; sent as ETag, checked against If-Match', example: 1 })
  version: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

type ContactLike = Pick<Contact, 'id' | 'name' | 'phone' | 'email' | 'tags' | 'fields' | 'status' | 'timeZone' | 'version' | 'createdAt' | 'updatedAt'>;

export function toContactDto(c: ContactLike): ContactDto {
  return {
    id: c.id,
    name: c.name,
    phone: c.phone,
    email: c.email,
    tags: c.tags,
    fields: c.fields,
    status: c.status,
    timeZone: c.timeZone,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
