import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One of a tenant's break reasons (a row of `break_reasons`), in the order the
 * console lists them. A tenant without rows uses DEFAULT_BREAK_REASONS.
 */
@Entity({ name: 'break_reasons' })
export class BreakReason {
  @PrimaryColumn({ name: 'tenant_id', type: 'text', primaryKeyConstraintName: 'break_reasons_pkey' })
  tenantId: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'break_reasons_pkey' })
  code: string;

  @Column({ type: 'text' })
  label: string;

  @Column({ type: 'integer' })
  position: number;
}

/** The reasons of a tenant whose admin has not set its own. */
export const DEFAULT_BREAK_REASONS: readonly { code: string; label: string }[] = [
  { code: 'lunch', label: 'Lunch' },
  { code: 'rest', label: 'Rest break' },
  { code: 'training', label: 'Training' },
  { code: 'meeting', label: 'Meeting' },
];
