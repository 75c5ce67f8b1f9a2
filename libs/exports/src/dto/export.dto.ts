import { ApiProperty } from '@nestjs/swagger';
import { EXPORT_FORMATS, EXPORT_STATUSES, EXPORT_TYPES, type Export, type ExportFormat, type ExportStatus, type ExportType } from '../export.entity.js';
import type { DownloadLink } from '../files/export-files.js';

export class ExportDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: EXPORT_TYPES })
  type: ExportType;

  @ApiProperty({ enum: EXPORT_FORMATS })
  format: ExportFormat;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'The filter as validated' })
  filter: Record<string, string>;

  @ApiProperty({ enum: EXPORT_STATUSES })
  status: ExportStatus;

  @ApiProperty({ description: 'Rows written so far; once completed, the rows of the file (the header not counted)' })
  rowCount: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'When completed: a link to the CSV, valid 15 minutes (an S3 presigned URL in AWS; on embedded defaults a signed path on this API). GET the export again for a fresh one.',
  })
  downloadUrl: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  downloadUrlExpiresAt: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why the export failed' })
  failure: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt: string | null;
}

export function toExportDto(e: Export, link: DownloadLink | null): ExportDto {
  return {
    id: e.id,
    type: e.type,
    format: e.format,
    filter: e.filter,
    status: e.status,
    rowCount: e.rowCount,
    downloadUrl: link?.url ?? null,
    downloadUrlExpiresAt: link?.expiresAt.toISOString() ?? null,
    failure: e.failure,
    createdAt: e.createdAt.toISOString(),
    completedAt: e.completedAt?.toISOString() ?? null,
  };
}
