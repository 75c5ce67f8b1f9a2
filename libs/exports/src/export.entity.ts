import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const EXPORT_TYPES = ['calls', 'contacts', 'campaign-contacts'] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];

export const EXPORT_FORMATS = ['csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/**
 * One bulk export: what to export (type and the list filter it was asked with),
 * how far it got and, once completed, where its file is. Written by the
 * request that asks for it and by the `exports` worker that produces the file.
 */
@Entity({ name: 'exports' })
@Check('exports_type_check', `type IN ('calls', 'contacts', 'campaign-contacts')`)
@Check('exports_format_check', `format IN ('csv')`)
@Check('exports_status_check', `status IN ('queued', 'running', 'completed', 'failed')`)
@Check('exports_row_count_check', 'row_count >= 0')
export class Export {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ type: 'text' })
  type: ExportType;

  @Column({ type: 'text', default: 'csv' })
  format: ExportFormat;

  /** The filter as validated, in the list API's terms. */
  @Column({ type: 'jsonb', default: {} })
  filter: Record<string, string>;

  @Column({ type: 'text', default: 'queued' })
  status: ExportStatus;

  /** Rows written so far (the final count once completed). */
  @Column({ name: 'row_count', type: 'integer', default: 0 })
  rowCount: number;

  /** Where the file is (S3 key or local file name); set when completed. */
  @Column({ name: 'file_key', type: 'text', nullable: true })
  fileKey: string | null;

  /** Why it failed, for the caller. */
  @Column({ type: 'text', nullable: true })
  failure: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
