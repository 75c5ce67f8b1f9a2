import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsNotEmpty, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { IfPresent } from '#switchboard/common';
import type { ContactFields } from '../contact.entity.js';
import { IsTimeZoneName } from '../time-zones/time-zone.validator.js';
import { FIELDS_SCHEMA, IsFlatFields } from './flat-fields.validator.js';

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimEach = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value);

export const MAX_TAGS = 50;

/**
 * A new contact. Its rules are the contact's rules: `UpdateContactDto` is this
 * class made partial, so a change is validated exactly as a creation.
 */
export class CreateContactDto {
  @ApiProperty({ example: 'Ada Lovelace', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({
    example: '+1 202 555 0123',
    maxLength: 40,
    description:
      "Any common spelling; stored as E.164 and unique among the tenant's live contacts. A number without a country code is read in DEFAULT_PHONE_REGION.",
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  phone: string;

  @ApiPropertyOptional({
    type: String,
    format: 'email',
    maxLength: 320,
    nullable: true,
    example: 'ada@example.com',
    description: 'null: no email (on a change, clears it)',
  })
  @IsOptional()
  @Transform(trim)
  @IsEmail()
  @MaxLength(320)
  email?: string | null;

  // Absent means none, but null is not a value: the schema says an array, and on a change null would clear a NOT NULL column.
  @ApiPropertyOptional({ type: [String], maxItems: MAX_TAGS, example: ['vip', 'emea'], description: 'Labels of 1–50 characters, without ";"' })
  @IfPresent()
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(MAX_TAGS)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  @Matches(/^[^;]+$/, { each: true, message: 'each tag must not contain ";"' })
  tags?: string[];

  @ApiPropertyOptional(FIELDS_SCHEMA)
  @IfPresent()
  @IsFlatFields()
  fields?: ContactFields;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 64,
    example: 'America/New_York',
    description:
      "IANA time zone the contact is called in. Left out or null: derived from the number where it maps to exactly one zone, else none (the campaign's zone applies). On a change, null derives it again.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @IsTimeZoneName()
  timeZone?: string | null;
}
