import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional } from 'class-validator';
import { EXPORT_FORMATS, EXPORT_STATUSES, EXPORT_TYPES, type ExportFormat, type ExportStatus, type ExportType } from '../export.entity.js';
import { CallsExportFilterDto, CampaignContactsExportFilterDto, ContactsExportFilterDto } from './export-filters.dto.js';

export class CreateExportDto {
  @ApiProperty({ enum: EXPORT_TYPES })
  @IsIn(EXPORT_TYPES)
  type: ExportType;

  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;

  @ApiPropertyOptional({
    description:
      "The list API's filters for the type: calls — those of GET /v1/calls; contacts — those of GET /v1/contacts; campaign-contacts — campaignId (required) and state. Unknown fields → 400.",
    oneOf: [
      { $ref: getSchemaPath(CallsExportFilterDto) },
      { $ref: getSchemaPath(ContactsExportFilterDto) },
      { $ref: getSchemaPath(CampaignContactsExportFilterDto) },
    ],
  })
  @IsOptional()
  @IsObject()
  filter?: Record<string, unknown>;
}

export class ExportAcceptedDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: EXPORT_STATUSES, example: 'queued' })
  status: ExportStatus;
}
