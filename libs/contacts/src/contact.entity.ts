import { VersionedTenantResource } from '#switchboard/database';
import { Check, Column, DeleteDateColumn, Entity, Index } from 'typeorm';

/** The table name, for other features' joins (campaigns filter on `contacts.status`). */
export const CONTACTS_TABLE = 'contacts';

export const CONTACT_STATUSES = ['new', 'contacted', 'callback', 'do_not_call'] as const;
/** Where a contact stands; `do_not_call` contacts are never dialled. */
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** Custom fields: a flat object of strings, numbers and booleans. */
export type ContactFields = Record<string, string | number | boolean>;

/** The unique index a create or PATCH of a taken phone violates (→ CONTACT.PHONE_TAKEN). */
export const LIVE_PHONE_INDEX = 'contacts_tenant_phone_live_key';

/**
 * A person to call. `phone` is E.164 and unique per tenant among live rows
 * (`deleted_at is null`); deleting is soft, so the phone can be used again.
 * Every index is partial on live rows. The keyset-list indexes (DESC) and the
 * prefix-search indexes (`lower(…) text_pattern_ops`) are beyond what an entity
 * can declare: the migration creates them and schema sync leaves them alone.
 */
@Entity({ name: CONTACTS_TABLE })
@Check('contacts_status_check', `status IN ('new', 'contacted', 'callback', 'do_not_call')`)
@Check('contacts_fields_object_check', `jsonb_typeof(fields) = 'object'`)
@Index(LIVE_PHONE_INDEX, ['tenantId', 'phone'], { unique: true, where: 'deleted_at IS NULL' })
@Index('contacts_tags_idx', ['tags'], { type: 'gin', where: 'deleted_at IS NULL' })
@Index('contacts_tenant_created_idx', { synchronize: false })
@Index('contacts_tenant_status_created_idx', { synchronize: false })
@Index('contacts_tenant_name_prefix_idx', { synchronize: false })
@Index('contacts_tenant_email_prefix_idx', { synchronize: false })
@Index('contacts_tenant_phone_prefix_idx', { synchronize: false })
export class Contact extends VersionedTenantResource {
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  phone: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', array: true, default: [] })
  tags: string[];

  @Column({ type: 'jsonb', default: {} })
  fields: ContactFields;

  @Column({ type: 'text', default: 'new' })
  status: ContactStatus;

  /**
   * IANA zone the contact is called in: given, or derived from the number where
   * it maps to exactly one zone; null means the campaign's (docs/compliance.md).
   */
  @Column({ name: 'time_zone', type: 'text', nullable: true })
  timeZone: string | null;

  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
