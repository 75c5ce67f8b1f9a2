import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { toPage, type Page } from '#switchboard/common';
import { entityFromRow, keysetRows } from '#switchboard/database';
import { Brackets, type EntityManager, QueryFailedError, type Repository } from 'typeorm';
import { Contact, type ContactStatus, LIVE_PHONE_INDEX } from './contact.entity.js';
import { PhoneTakenError } from './contacts.errors.js';
import { UUID } from './uuid.js';

/** What a new contact is given; the rest (id, version, timestamps) starts at its default. */
export type NewContact = Pick<Contact, 'name' | 'phone' | 'email' | 'tags' | 'fields' | 'timeZone'>;

/** What a PATCH may replace. */
export type ContactChanges = Partial<NewContact & Pick<Contact, 'status'>>;

/** A status a call may set; `do_not_call` comes only with listing the number (DncList). */
export type StatusAfterCall = Exclude<ContactStatus, 'do_not_call'>;

/** An import row: its time zone is the row's own (`timeZone`) or the one its number maps to (`derivedTimeZone`). */
export type ImportedContactRow = Omit<NewContact, 'timeZone'> & { timeZone: string | null; derivedTimeZone: string | null };

/** A list's filters, each optional; `text` and `phonePrefixes` are ORed (one search box). */
export interface ContactSearch {
  status?: ContactStatus;
  tag?: string;
  /** Lower-case prefix of the name or the email. */
  text?: string;
  /** Prefixes of the E.164 phone. */
  phonePrefixes?: string[];
}

/**
 * Upserts by (tenant, live phone), a whole chunk in one statement. A row names
 * what it knows: the name is replaced, an email only when given, tags and custom
 * fields are merged (an import adds labels, never removes them), the time zone
 * replaced only when the row gives one. The status is kept — a do-not-call
 * contact stays one — and a number on the tenant's do-not-call list makes it
 * `do_not_call`, new or not (the chunk holds the numbers' locks: see lockPhones).
 */
const UPSERT = `
  WITH r AS (
    SELECT r.*, EXISTS (SELECT 1 FROM dnc_numbers d WHERE d.tenant_id = $1 AND d.phone = r.phone) AS listed
    FROM jsonb_to_recordset($3::jsonb) AS r(name text, phone text, email text, tags text[], fields jsonb, "timeZone" text, "derivedTimeZone" text)
  )
  INSERT INTO contacts AS c (tenant_id, name, phone, email, tags, fields, status, time_zone, created_at, updated_at)
  SELECT $1, r.name, r.phone, r.email, r.tags, r.fields, CASE WHEN r.listed THEN 'do_not_call' ELSE 'new' END,
    coalesce(r."timeZone", r."derivedTimeZone"), $2, $2
  FROM r
  ON CONFLICT (tenant_id, phone) WHERE deleted_at IS NULL DO UPDATE SET
    name = excluded.name,
    email = coalesce(excluded.email, c.email),
    tags = ARRAY(SELECT t FROM unnest(c.tags || excluded.tags) WITH ORDINALITY AS u(t, n) GROUP BY t ORDER BY min(n)),
    fields = c.fields || excluded.fields,
    status = CASE WHEN excluded.status = 'do_not_call' THEN 'do_not_call' ELSE c.status END,
    time_zone = coalesce((SELECT r."timeZone" FROM r WHERE r.phone = excluded.phone), c.time_zone),
    version = c.version + 1,
    updated_at = excluded.updated_at`;

/** Escapes LIKE wildcards so user text matches literally. */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The `contacts` table. Every statement filters on the tenant and on live rows
 * (`deleted_at is null`); writes are single `… returning` statements. The
 * version bump of an update is TypeORM's (`@VersionColumn`: `version + 1` on
 * every UpdateQueryBuilder statement); `updated_at` is the caller's clock.
 */
@Injectable()
export class ContactsRepository {
  constructor(@InjectRepository(Contact) private readonly repository: Repository<Contact>) {}

  /**
   * A new contact, or undefined when a live contact of the tenant has the phone.
   * ON CONFLICT DO NOTHING on the live-phone index waits for a concurrent insert
   * of the same phone and then returns no row: a race ends without an error round trip.
   */
  async insert(tenantId: string, contact: NewContact & Pick<Contact, 'status'>, now: Date, manager?: EntityManager): Promise<Contact | undefined> {
    const result = await (manager ?? this.repository.manager)
      .getRepository(Contact)
      .createQueryBuilder()
      .insert()
      .values({ ...contact, tenantId, createdAt: now, updatedAt: now })
      // No column to overwrite: DO NOTHING, on the live-phone index alone.
      .orUpdate([], ['tenant_id', 'phone'], { indexPredicate: 'deleted_at IS NULL' })
      .returning('*')
      .updateEntity(false)
      .execute();
    return entityFromRow(this.repository, result.raw);
  }

  /** The tenant's live contacts matching `search`, newest first, one keyset page. */
  async list(tenantId: string, search: ContactSearch, limit: number, cursor?: string): Promise<Page<Contact>> {
    const qb = this.repository.createQueryBuilder('c').where('c.tenantId = :tenantId', { tenantId });
    if (search.status) qb.andWhere('c.status = :status', { status: search.status });
    if (search.tag) qb.andWhere('c.tags @> ARRAY[:tag]::text[]', { tag: search.tag });
    if (search.text !== undefined) {
      const { text, phonePrefixes = [] } = search;
      // One OR of prefix matches, each served by its own text_pattern_ops index (bitmap OR).
      qb.andWhere(
        new Brackets((or) => {
          or.where('lower(c.name) LIKE :prefix', { prefix: `${escapeLike(text)}%` }).orWhere('lower(c.email) LIKE :prefix');
          phonePrefixes.forEach((p, i) => or.orWhere(`c.phone LIKE :phone${i}`, { [`phone${i}`]: `${escapeLike(p)}%` }));
        }),
      );
    }
    return toPage(await keysetRows(qb, limit, cursor), limit);
  }

  /**
   * The tenant's live contact with this id (soft-deleted rows are left out by the
   * DeleteDateColumn); on `manager`, the caller's transaction, when given.
   */
  find(tenantId: string, id: string, manager?: EntityManager): Promise<Contact | null> {
    return (manager?.getRepository(Contact) ?? this.repository).findOneBy({ id, tenantId });
  }

  /** The id of the tenant's live contact with this E.164 phone, or null. */
  async findIdByPhone(tenantId: string, phone: string): Promise<string | null> {
    const found = await this.repository.findOne({ select: { id: true }, where: { tenantId, phone } });
    return found?.id ?? null;
  }

  /**
   * Applies `changes` to a live contact, with `ifMatch` only while its version is
   * that one. Undefined when no row matched (gone, or the version moved on).
   * @throws PhoneTakenError when the new phone is another live contact's.
   */
  async update(tenantId: string, id: string, changes: ContactChanges, now: Date, ifMatch?: number, manager?: EntityManager): Promise<Contact | undefined> {
    const qb = (manager ?? this.repository.manager)
      .getRepository(Contact)
      .createQueryBuilder()
      .update()
      .set({ ...changes, updatedAt: now })
      .where('id = :id AND tenant_id = :tenantId AND deleted_at IS NULL', { id, tenantId });
    if (ifMatch !== undefined) qb.andWhere('version = :ifMatch', { ifMatch });
    try {
      const result = await qb.returning('*').updateEntity(false).execute();
      return entityFromRow(this.repository, result.raw);
    } catch (err) {
      // Two writers, one phone: whoever checked first, the index decides, and the loser gets 409.
      if (err instanceof QueryFailedError && isUniqueViolation(err.driverError, LIVE_PHONE_INDEX)) throw new PhoneTakenError();
      throw err;
    }
  }

  /**
   * Soft delete (`deleted_at`, a version bump): the row stays for call history and
   * its phone is free again. False when no live row matched (or `ifMatch` is stale).
   */
  async softDelete(tenantId: string, id: string, now: Date, ifMatch?: number): Promise<boolean> {
    const qb = this.repository
      .createQueryBuilder()
      .update()
      .set({ deletedAt: now, updatedAt: now })
      .where('id = :id AND tenant_id = :tenantId AND deleted_at IS NULL', { id, tenantId });
    if (ifMatch !== undefined) qb.andWhere('version = :ifMatch', { ifMatch });
    const result = await qb.updateEntity(false).execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * Sets a live contact's status after a call, in the caller's transaction when
   * `manager` is given (a call and the status it sets commit together), and
   * never away from `do_not_call`: only removing the number from the list does
   * that. Bumps the version.
   * @returns false when the tenant has no live contact with that id (a malformed
   * id included: it never reaches Postgres as a cast error).
   */
  async setStatus(tenantId: string, id: string, status: StatusAfterCall, now: Date, manager?: EntityManager): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const result = await (manager ?? this.repository.manager)
      .createQueryBuilder()
      .update(Contact)
      .set({ status: () => `CASE WHEN status = 'do_not_call' THEN status ELSE :status END`, updatedAt: now })
      .setParameter('status', status)
      .where('id = :id AND tenant_id = :tenantId AND deleted_at IS NULL', { id, tenantId })
      .updateEntity(false)
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** The live contact `id` of the tenant, its row locked for the rest of the caller's transaction. */
  findForUpdate(manager: EntityManager, tenantId: string, id: string): Promise<Contact | null> {
    return manager
      .getRepository(Contact)
      .createQueryBuilder('c')
      .where('c.id = :id AND c.tenantId = :tenantId', { id, tenantId })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** The phone of the tenant's live contact `id`, or null. */
  async findPhone(manager: EntityManager, tenantId: string, id: string): Promise<string | null> {
    if (!UUID.test(id)) return null;
    const found = await manager.getRepository(Contact).findOne({ select: { phone: true }, where: { id, tenantId } });
    return found?.phone ?? null;
  }

  /**
   * Every live contact of the tenant with one of these phones becomes
   * `do_not_call`: their number is listed. (A deleted contact is never dialled,
   * and one created again with the number reads the list; live rows alone are
   * what the live-phone index serves.)
   */
  async markDoNotCall(manager: EntityManager, tenantId: string, phones: string[], now: Date): Promise<void> {
    if (!phones.length) return;
    await manager
      .createQueryBuilder()
      .update(Contact)
      .set({ status: 'do_not_call', updatedAt: now })
      .where(`tenant_id = :tenantId AND phone = ANY(:phones) AND deleted_at IS NULL AND status <> 'do_not_call'`, { tenantId, phones })
      .updateEntity(false)
      .execute();
  }

  /** The number is off the list: its live `do_not_call` contacts are `new` again (callable, as if never dialled). */
  async clearDoNotCall(manager: EntityManager, tenantId: string, phone: string, now: Date): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(Contact)
      .set({ status: 'new', updatedAt: now })
      .where(`tenant_id = :tenantId AND phone = :phone AND deleted_at IS NULL AND status = 'do_not_call'`, { tenantId, phone })
      .updateEntity(false)
      .execute();
  }

  /** Upserts an import chunk's contacts by phone (see UPSERT), in the chunk's transaction. */
  async upsertByPhone(tenantId: string, contacts: ImportedContactRow[], now: Date, manager: EntityManager): Promise<void> {
    if (contacts.length) await manager.query(UPSERT, [tenantId, now, JSON.stringify(contacts)]);
  }
}

function isUniqueViolation(driverError: unknown, constraint: string): boolean {
  const pg = driverError as { code?: string; constraint?: string } | null;
  return pg?.code === '23505' && pg.constraint === constraint;
}
