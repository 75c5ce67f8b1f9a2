import { VersionedTenantResource } from '@switchboard/database';
import { Column, Entity } from 'typeorm';

/** The table name, for other features' joins (campaigns filter on `contacts.status`). */
export const CONTACTS_TABLE = 'contacts';

export const CONTACT_STATUSES = ['new', 'contacted', 'callback', 'do_not_call'] as const;
/** Where a contact stands; `do_not_call` contacts are never dialled. */
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** Custom fields: a flat object of strings, numbers and booleans. */
export type ContactFields = Record<string, string | number | boolean>;

/**
 * A person to call. `phone` is E.164 and unique per tenant among live rows
 * (`deleted_at is null`); deleting is soft, so the phone can be used again.
 */
@Entity({ name: CONTACTS_TABLE })
export class Contact extends VersionedTenantResource {
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  phone: string;

  // For "string | null" the column type must be explicit — typeorm#2567
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', array: true })
  tags: string[];

  @Column({ type: 'jsonb' })
  fields: ContactFields;

  @Column({ type: 'text' })
  status: ContactStatus;


  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
