import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** The legal calling hours a tenant starts with (docs/compliance.md, "Calling hours"). */
export const DEFAULT_CALLING_HOURS = { start: '08:00', end: '21:00' } as const;

/**
 * A tenant's settings: one row per tenant, absent until an admin changes one
 * (the defaults apply meanwhile). `calling_hours_*` are the legal calling hours,
 * read in each callee's own time zone.
 */
@Entity({ name: 'tenant_settings' })
@Check(
  'tenant_settings_calling_hours_check',
  `calling_hours_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND calling_hours_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND calling_hours_start <> calling_hours_end`,
)
export class TenantSettings {
  @PrimaryColumn({ name: 'tenant_id', type: 'text', primaryKeyConstraintName: 'tenant_settings_pkey' })
  tenantId: string;

  @Column({ name: 'calling_hours_start', type: 'text', default: DEFAULT_CALLING_HOURS.start })
  callingHoursStart: string;

  @Column({ name: 'calling_hours_end', type: 'text', default: DEFAULT_CALLING_HOURS.end })
  callingHoursEnd: string;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
