import type { RowError } from './import-rows.js';

export const IMPORT_STATUSES = ['queued', 'processing', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** At most this many row errors are kept per import (the lowest row numbers). */
export const MAX_KEPT_ERRORS = 1000;

/**
 * One contact import, as a row of `contact_imports`. `processed` counts rows
 * handled so far, imported or rejected; `failed` the rejected ones. Completed
 * when `processed = total`.
 */
export interface ContactImport {
  id: string;
  tenantId: string;
  status: ImportStatus;
  total: number;
  /** Messages the rows were split into. */
  chunks: number;
  processed: number;
  failed: number;
  errors: RowError[];
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}
