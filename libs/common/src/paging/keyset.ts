import { ValidationError } from '../errors/domain-error.js';

/** One page of a list, newest first; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface CursorKey {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.createdAt.toISOString(), key.id])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const date = new Date(createdAt);
    if (typeof id === 'string' && UUID.test(id) && !Number.isNaN(date.getTime())) return { createdAt: date, id };
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError([{ field: 'cursor', code: 'INVALID_CURSOR', message: 'cursor is not a valid cursor.' }]);
}

/** The SQL pieces of one keyset page (`created_at desc, id desc`). */
export interface KeysetSql {
  /** ` AND (created_at, id) < (…)` after a cursor, else empty: append to the WHERE clause. */
  after: string;
  /** `ORDER BY … LIMIT …`, one row more than `limit` so `toPage` can tell whether a next page exists. */
  orderAndLimit: string;
}

/**
 * Keyset paging for a hand-written `SELECT`: rows after the cursor, newest
 * first. Pushes its values onto `params` (so placeholders continue the
 * statement's own); `alias` qualifies the columns when the query joins.
 */
export function keysetSql(params: unknown[], limit: number, cursor?: string, alias?: string): KeysetSql {
  const col = (name: string) => (alias ? `${alias}.${name}` : name);
  let after = '';
  if (cursor) {
    const key = decodeCursor(cursor);
    after = ` AND (${col('created_at')}, ${col('id')}) < ($${params.push(key.createdAt)}, $${params.push(key.id)})`;
  }
  return { after, orderAndLimit: `ORDER BY ${col('created_at')} DESC, ${col('id')} DESC LIMIT $${params.push(limit + 1)}` };
}

export function toPage<T extends CursorKey, R = T>(rows: T[], limit: number, map: (row: T) => R = (r) => r as unknown as R): Page<R> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
