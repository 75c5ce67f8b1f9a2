import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

export const DNC_SOURCES = ['api', 'import', 'disposition', 'event'] as const;
/** How a number came onto (or off) the list: the API, a DNC import, an agent's disposition, a provider's event. */
export type DncSource = (typeof DNC_SOURCES)[number];

/**
 * A number on a tenant's do-not-call list, one row per (tenant, E.164 phone).
 * The row is the list; every change to it is also a row of `dnc_history`.
 * Owned by DncNumbersRepository.
 */
@Entity({ name: 'dnc_numbers' })
@Check('dnc_numbers_source_check', `source IN ('api', 'import', 'disposition', 'event')`)
export class DncNumber {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @PrimaryColumn({ type: 'text' })
  phone: string;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'text' })
  source: DncSource;

  /** Who listed it: an identity's `sub`, or `provider` for a telephony event. */
  @Column({ name: 'listed_by', type: 'text' })
  listedBy: string;

  @Column({ name: 'listed_at', type: 'timestamptz' })
  listedAt: Date;
}
