import type { EntityManager } from 'typeorm';

/** The advisory-lock class of "a tenant's phone number" (the two-int key space; other locks use the one-bigint space). */
const PHONE_LOCK_CLASS = 0x646e63; // 'dnc'

/**
 * Locks (tenant, phone) keys until the transaction ends, in one order (sorted)
 * so two transactions never deadlock on them. Listing a number and writing a
 * contact with that number both take the key first: whichever comes second reads
 * what the first committed, so a contact created while its number is being
 * listed cannot slip through as callable.
 */
export async function lockPhones(manager: EntityManager, tenantId: string, phones: readonly string[]): Promise<void> {
  const keys = [...new Set(phones)].sort();
  if (!keys.length) return;
  await manager.query(
    `SELECT pg_advisory_xact_lock($1::int, hashtext($2 || ':' || k.phone)) FROM unnest($3::text[]) WITH ORDINALITY AS k(phone, n) ORDER BY k.n`,
    [PHONE_LOCK_CLASS, tenantId, keys],
  );
}
