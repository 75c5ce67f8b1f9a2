import { PhoneTakenError } from './contacts.errors.js';

/** The columns of a contact as the service hands them out (camelCase for `toContactDto`). */
export const CONTACT_COLUMNS = `id, name, phone, email, tags, fields, status, version, created_at AS "createdAt", updated_at AS "updatedAt"`;

export const LIVE_PHONE_INDEX = 'contacts_tenant_phone_live_key';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Maps a race on the live-phone index (two writers, one phone) to 409, whoever checked first. */
export async function phoneUnique<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    const pg = err as { code?: string; constraint?: string } | null;
    if (pg?.code === '23505' && pg.constraint === LIVE_PHONE_INDEX) throw new PhoneTakenError();
    throw err;
  }
}

/** Escapes LIKE wildcards so user text matches literally. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Tags trimmed and each once, in the order given. */
export const normaliseTags = (tags: string[]): string[] => [...new Set(tags.map((t) => t.trim()))];
