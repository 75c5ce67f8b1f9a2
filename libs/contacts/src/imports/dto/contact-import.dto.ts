import { ApiProperty } from '@nestjs/swagger';
import { CreateContactDto } from '../../dto/create-contact.dto.js';
import { IMPORT_STATUSES, MAX_KEPT_ERRORS, type ContactImport, type ImportStatus } from '../contact-import.entity.js';
import { MAX_IMPORT_ROWS } from '../import-rows.js';

/** The JSON form of an import body (documentation; rows are validated one by one later). */
export class ImportContactsDto {
  @ApiProperty({
    type: [CreateContactDto],
    minItems: 1,
    maxItems: MAX_IMPORT_ROWS,
    description: 'Rows, numbered from 1; each is validated like POST /v1/contacts, and an invalid one becomes a row error',
  })
  contacts: CreateContactDto[];
}

export class ImportAcceptedDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: IMPORT_STATUSES, example: 'queued' })
  status: ImportStatus;

  @ApiProperty({ description: 'Rows received', example: 20000 })
  total: number;
}

export class ImportRowErrorDto {
  @ApiProperty({ description: 'Row number, 1 = the first data row', example: 17 })
  row: number;

  @ApiProperty({ example: 'INVALID_PHONE' })
  code: string;

  @ApiProperty({ example: 'phone is not a valid phone number.' })
  message: string;
}

export class ContactImportDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: IMPORT_STATUSES })
  status: ImportStatus;

  @ApiProperty({ description: 'Rows received' })
  total: number;

  @ApiProperty({ description: 'Rows handled so far, imported or rejected' })
  processed: number;

  @ApiProperty({ description: 'Rows rejected (counted in processed)' })
  failed: number;

  @ApiProperty({ type: [ImportRowErrorDto], maxItems: MAX_KEPT_ERRORS, description: `The first ${MAX_KEPT_ERRORS} row errors, by row number` })
  errors: ImportRowErrorDto[];

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt: string | null;
}

export function toContactImportDto(i: ContactImport): ContactImportDto {
  return {
    id: i.id,
    status: i.status,
    total: i.total,
    processed: i.processed,
    failed: i.failed,
    errors: i.errors,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
    completedAt: i.completedAt?.toISOString() ?? null,
  };
}
