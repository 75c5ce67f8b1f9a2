import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { RowError } from './import-rows.js';

/** What an import brings in: contacts, or numbers for the do-not-call list. */
export const IMPORT_KINDS = ['contacts', 'dnc'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_STATUSES = ['queued', 'processing', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** At most this many row errors are kept per import (the lowest row numbers). */
export const MAX_KEPT_ERRORS = 1000;

/**
 * One contact import. `processed` counts rows handled so far, imported or
 * rejected; `failed` the rejected ones. Completed when `processed = total`.
 * No version: only the import's own chunks change it, by adding counts.
 */
@Entity({ name: 'contact_imports' })
@Check('contact_imports_status_check', `status IN ('queued', 'processing', 'completed', 'failed')`)
@Check('contact_imports_kind_check', `kind IN ('contacts', 'dnc')`)
@Check('contact_imports_counts_check', 'total >= 0 AND processed >= 0 AND failed >= 0 AND failed <= processed AND processed <= total')
// (tenant_id, created_at DESC, id DESC): a keyset order an entity cannot declare.
@Index('contact_imports_tenant_created_idx', { synchronize: false })
export class ContactImport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ type: 'text', default: 'contacts' })
  kind: ImportKind;

  @Column({ type: 'text', default: 'queued' })
  status: ImportStatus;

  @Column({ type: 'integer' })
  total: number;

  /** Messages the rows were split into. */
  @Column({ type: 'integer' })
  chunks: number;

  @Column({ type: 'integer', default: 0 })
  processed: number;

  @Column({ type: 'integer', default: 0 })
  failed: number;

  @Column({ type: 'jsonb', default: [] })
  errors: RowError[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
