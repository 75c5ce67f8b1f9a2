import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RowError } from './import-rows.js';

export const IMPORT_STATUSES = ['queued', 'processing', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** At most this many row errors are kept per import (the lowest row numbers). */
export const MAX_KEPT_ERRORS = 1000;

/**
 * One contact import. `processed` counts rows handled so far, imported or
 * rejected; `failed` the rejected ones. Completed when `processed = total`.
 */
@Entity({ name: 'contact_imports' })
export class ContactImport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ type: 'text' })
  status: ImportStatus;

  @Column({ type: 'integer' })
  total: number;

  /** Messages the rows were split into. */
  @Column({ type: 'integer' })
  chunks: number;

  @Column({ type: 'integer' })
  processed: number;

  @Column({ type: 'integer' })
  failed: number;

  @Column({ type: 'jsonb' })
  errors: RowError[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
