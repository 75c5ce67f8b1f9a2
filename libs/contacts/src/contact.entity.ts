/** The table name, for other features' joins (campaigns filter on `contacts.status`). */
export const CONTACTS_TABLE = 'contacts';

export const CONTACT_STATUSES = ['new', 'contacted', 'callback', 'do_not_call'] as const;
/** Where a contact stands; `do_not_call` contacts are never dialled. */
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** Custom fields: a flat object of strings, numbers and booleans. */
export type ContactFields = Record<string, string | number | boolean>;

/**
 * A person to call, as a row of `contacts`. `phone` is E.164 and unique per
 * tenant among live rows (`deleted_at is null`); deleting is soft, so the phone
 * can be used again. `version` backs `ETag`/`If-Match`.
 */
export interface Contact {
  id: string;
  tenantId: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  name: string;
  phone: string;
  email: string | null;
  tags: string[];
  fields: ContactFields;
  status: ContactStatus;
  deletedAt: Date | null;
}
