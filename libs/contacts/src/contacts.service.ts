import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock, keysetSql, PreconditionFailedError, toPage, type Page } from '#switchboard/common';
import { Database, type Queryable } from '#switchboard/database';
import type { ContactStatus } from './contact.entity.js';
import { contactsConfig } from './contacts.config.js';
import { ContactNotFoundError, InvalidPhoneError, PhoneTakenError } from './contacts.errors.js';
import { CONTACT_COLUMNS, escapeLike, normaliseTags, phoneUnique, UUID } from './contacts.sql.js';
import { toContactDto, type ContactDto } from './dto/contact.dto.js';
import type { CreateContactDto } from './dto/create-contact.dto.js';
import type { ListContactsQueryDto } from './dto/list-contacts-query.dto.js';
import type { UpdateContactDto } from './dto/update-contact.dto.js';
import { phoneSearchPrefixes, toE164 } from './phone.js';

type Row = Parameters<typeof toContactDto>[0];

/** Contacts of one tenant at a time: every statement filters on `tenant_id` and live rows. */
@Injectable()
export class ContactsService {
  constructor(
    private readonly db: Database,
    @Inject(contactsConfig.KEY) private readonly cfg: ConfigType<typeof contactsConfig>,
    private readonly clock: Clock,
  ) {}

  async create(tenantId: string, dto: CreateContactDto): Promise<ContactDto> {
    const now = this.clock.now();
    // ON CONFLICT DO NOTHING waits for a concurrent insert of the same phone and
    // then returns no row: a race ends in 409 without an error round trip.
    const [row] = await phoneUnique(() =>
      this.db.query<Row>(
        `INSERT INTO contacts (tenant_id, name, phone, email, tags, fields, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $7)
         ON CONFLICT (tenant_id, phone) WHERE deleted_at IS NULL DO NOTHING RETURNING ${CONTACT_COLUMNS}`,
        [tenantId, dto.name, this.phoneOf(dto.phone), dto.email ?? null, normaliseTags(dto.tags ?? []), JSON.stringify(dto.fields ?? {}), now],
      ),
    );
    if (!row) throw new PhoneTakenError();
    return toContactDto(row);
  }

  async list(tenantId: string, query: ListContactsQueryDto): Promise<Page<ContactDto>> {
    const params: unknown[] = [tenantId];
    let where = 'tenant_id = $1 AND deleted_at IS NULL';
    if (query.status) where += ` AND status = $${params.push(query.status)}`;
    if (query.tag) where += ` AND tags @> ARRAY[$${params.push(query.tag)}]::text[]`;
    if (query.q) {
      const prefix = `$${params.push(`${escapeLike(query.q.toLowerCase())}%`)}`;
      const phones = phoneSearchPrefixes(query.q, this.cfg.defaultRegion).map((p) => `phone LIKE $${params.push(`${escapeLike(p)}%`)}`);
      // One OR of prefix matches, each served by its own text_pattern_ops index (bitmap OR).
      where += ` AND (${[`lower(name) LIKE ${prefix}`, `lower(email) LIKE ${prefix}`, ...phones].join(' OR ')})`;
    }
    const { after, orderAndLimit } = keysetSql(params, query.limit, query.cursor);
    const rows = await this.db.query<Row>(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE ${where}${after} ${orderAndLimit}`, params);
    return toPage(rows, query.limit, toContactDto);
  }

  async get(tenantId: string, id: string): Promise<ContactDto> {
    const [row] = await this.db.query<Row>(
      `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL`,
      [id, tenantId],
    );
    if (!row) throw new ContactNotFoundError();
    return toContactDto(row);
  }

  /** Replaces what `dto` gives; with `ifMatch`, only if the version is still that one. */
  async update(tenantId: string, id: string, dto: UpdateContactDto, ifMatch?: number): Promise<ContactDto> {
    const changes = this.changesOf(dto);
    if (changes.length === 0) {
      const current = await this.get(tenantId, id);
      if (ifMatch !== undefined && current.version !== ifMatch) throw new PreconditionFailedError();
      return current;
    }
    const params: unknown[] = [id, tenantId, this.clock.now(), ...changes.map(([, value]) => value)];
    const sets = changes.map(([column], i) => `${column} = $${i + 4}`);
    const versionCheck = ifMatch === undefined ? '' : ` AND version = $${params.push(ifMatch)}`;
    const [row] = await phoneUnique(() =>
      this.db.query<Row>(
        `UPDATE contacts SET ${sets.join(', ')}, version = version + 1, updated_at = $3
         WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL${versionCheck} RETURNING ${CONTACT_COLUMNS}`,
        params,
      ),
    );
    if (row) return toContactDto(row);
    await this.get(tenantId, id); // 404 when it is gone; otherwise the version moved on
    throw new PreconditionFailedError();
  }

  /** Soft delete: the row stays for call history, the phone is free again. */
  async remove(tenantId: string, id: string, ifMatch?: number): Promise<void> {
    const params: unknown[] = [id, tenantId, this.clock.now()];
    const versionCheck = ifMatch === undefined ? '' : ` AND version = $${params.push(ifMatch)}`;
    const deleted = await this.db.execute(
      `UPDATE contacts SET deleted_at = $3, updated_at = $3, version = version + 1
       WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL${versionCheck}`,
      params,
    );
    if (deleted > 0) return;
    await this.get(tenantId, id);
    throw new PreconditionFailedError();
  }

  /**
   * Sets a contact's status after a call, inside the caller's transaction (the call
   * and the status commit together). Bumps `version` and `updated_at`.
   * @returns false when the tenant has no live contact with that id.
   */
  async applyCallOutcome(tx: Queryable, tenantId: string, contactId: string, status: ContactStatus): Promise<boolean> {
    if (!UUID.test(contactId)) return false;
    const updated = await tx.execute(
      `UPDATE contacts SET status = $3, version = version + 1, updated_at = $4
       WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL`,
      [contactId, tenantId, status, this.clock.now()],
    );
    return updated > 0;
  }

  /**
   * The id of the tenant's live contact with this phone, in any common spelling
   * (normalised to E.164 first); null when there is none or the phone is invalid.
   */
  async findIdByPhone(tenantId: string, phone: string): Promise<string | null> {
    const e164 = toE164(phone, this.cfg.defaultRegion);
    if (!e164) return null;
    const rows = await this.db.query<{ id: string }>(
      `SELECT id FROM contacts WHERE tenant_id = $1 AND phone = $2 AND deleted_at IS NULL`,
      [tenantId, e164],
    );
    return rows[0]?.id ?? null;
  }

  private phoneOf(input: string): string {
    const e164 = toE164(input, this.cfg.defaultRegion);
    if (!e164) throw new InvalidPhoneError();
    return e164;
  }

  /** `[column, value]` for each property the PATCH gives; column names come from this list only. */
  private changesOf(dto: UpdateContactDto): [string, unknown][] {
    const changes: [string, unknown][] = [];
    if (dto.name !== undefined) changes.push(['name', dto.name]);
    if (dto.phone !== undefined) changes.push(['phone', this.phoneOf(dto.phone)]);
    if (dto.email !== undefined) changes.push(['email', dto.email]);
    if (dto.tags !== undefined) changes.push(['tags', normaliseTags(dto.tags)]);
    if (dto.fields !== undefined) changes.push(['fields', JSON.stringify(dto.fields)]);
    if (dto.status !== undefined) changes.push(['status', dto.status]);
    return changes;
  }
}
