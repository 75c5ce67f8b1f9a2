import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { CONTACT_STATUSES, type ContactFields, type ContactStatus } from '../contact.entity.js';
import { MAX_TAGS, trim } from './create-contact.dto.js';
import { FIELDS_SCHEMA, IsFlatFields } from './flat-fields.validator.js';

/** Optional, but null is not a value (only `email` may be cleared with null). */
const IfPresent = () => ValidateIf((_, value) => value !== undefined);

/** Every property optional; what is given replaces the stored value (`fields` as a whole). */
export class UpdateContactDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IfPresent()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 40, description: 'Stored as E.164; must stay unique among the tenant\'s live contacts' })
  @IfPresent()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  phone?: string;

  @ApiPropertyOptional({ type: String, format: 'email', maxLength: 320, nullable: true, description: 'null clears it' })
  @IsOptional()
  @Transform(trim)
  @IsEmail()
  @MaxLength(320)
  email?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_TAGS })
  @IfPresent()
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

  @ApiPropertyOptional({ enum: CONTACT_STATUSES })
  @IfPresent()
  @IsIn(CONTACT_STATUSES)
  status?: ContactStatus;
}
