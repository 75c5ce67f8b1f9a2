import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DncSource } from './dnc-number.entity.js';

export const DNC_ACTIONS = ['added', 'removed'] as const;
export type DncAction = (typeof DNC_ACTIONS)[number];

/**
 * One change to a tenant's do-not-call list: a number added or removed, by whom,
 * when, from where and why. Rows are only ever inserted. Owned by DncHistoryRepository.
 */
@Entity({ name: 'dnc_history' })
@Check('dnc_history_action_check', `action IN ('added', 'removed')`)
@Check('dnc_history_source_check', `source IN ('api', 'import', 'disposition', 'event')`)
// Keyset lists, the tenant's and one number's: (…, created_at DESC, id DESC), beyond what an entity can declare.
@Index('dnc_history_tenant_created_idx', { synchronize: false })
@Index('dnc_history_tenant_phone_created_idx', { synchronize: false })
export class DncHistory {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ type: 'text' })
  phone: string;

  @Column({ type: 'text' })
  action: DncAction;

  @Column({ type: 'text' })
  source: DncSource;

  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
