import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '#switchboard/common';
import { CONTACT_STATUSES, type ContactStatus } from '../contact.entity.js';
import { trim } from './create-contact.dto.js';

export class ListContactsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CONTACT_STATUSES })
  @IsOptional()
  @IsIn(CONTACT_STATUSES)
  status?: ContactStatus;

  @ApiPropertyOptional({ description: 'Contacts carrying this tag', maxLength: 50 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  tag?: string;

  @ApiPropertyOptional({ description: 'Case-insensitive prefix of the name, the email or the phone (E.164 or national)', maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  q?: string;
}
