import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock, PreconditionFailedError, type Page } from '#switchboard/common';
import { EventOutbox } from '#switchboard/events';
import { DataSource, type EntityManager } from 'typeorm';
import type { Contact } from './contact.entity.js';
import { normaliseTags } from './contact-tags.js';
import { contactsConfig } from './contacts.config.js';
import { ContactNotFoundError, InvalidPhoneError, PhoneTakenError } from './contacts.errors.js';
import { ContactsRepository, type ContactChanges, type ContactSearch, type StatusAfterCall } from './contacts.repository.js';
import { ContactDoNotCallError } from './dnc/dnc.errors.js';
import { DncList } from './dnc/dnc-list.js';
import { DncNumbersRepository } from './dnc/dnc-numbers.repository.js';
import { lockPhones } from './dnc/phone-locks.js';
import { toContactDto, type ContactDto } from './dto/contact.dto.js';
import type { CreateContactDto } from './dto/create-contact.dto.js';
import type { ListContactsQueryDto } from './dto/list-contacts-query.dto.js';
import type { UpdateContactDto } from './dto/update-contact.dto.js';
import { phoneSearchPrefixes, toE164 } from './phone.js';
import { canonicalTimeZone, timeZoneOfPhone } from './time-zones/phone-time-zone.js';

/**
 * Contacts of one tenant at a time; phones in E.164, tags trimmed and once each.
 * A contact whose number is on the do-not-call list is `do_not_call`, whenever
 * and however it was written (docs/compliance.md).
 */
@Injectable()
export class ContactsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly contacts: ContactsRepository,
    private readonly dncNumbers: DncNumbersRepository,
    private readonly dncList: DncList,
    @Inject(contactsConfig.KEY) private readonly cfg: ConfigType<typeof contactsConfig>,
    private readonly clock: Clock,
    private readonly events: EventOutbox,
  ) {}

  /** A new contact; `do_not_call` from the start when its number is listed. */
  async create(tenantId: string, dto: CreateContactDto): Promise<ContactDto> {
    const phone = this.phoneOf(dto.phone);
    const contact = { name: dto.name, phone, email: dto.email ?? null, tags: normaliseTags(dto.tags ?? []), fields: dto.fields ?? {} };
    const timeZone = dto.timeZone ? canonicalTimeZone(dto.timeZone) : timeZoneOfPhone(phone);
    // The contact.created event commits with the contact, or neither does.
    return this.dataSource.transaction(async (manager) => {
      await lockPhones(manager, tenantId, [phone]);
      const listed = await this.dncNumbers.isListed(manager, tenantId, phone);
      const created = await this.contacts.insert(tenantId, { ...contact, timeZone, status: listed ? 'do_not_call' : 'new' }, this.clock.now(), manager);
      if (!created) throw new PhoneTakenError();
      const data = toContactDto(created);
      await this.events.record(manager, { type: 'contact.created', tenantId, occurredAt: created.createdAt, data });
      return data;
    });
  }

  async list(tenantId: string, query: ListContactsQueryDto): Promise<Page<ContactDto>> {
    const search: ContactSearch = { status: query.status, tag: query.tag };
    if (query.q) {
      search.text = query.q.toLowerCase();
      search.phonePrefixes = phoneSearchPrefixes(query.q, this.cfg.defaultRegion);
    }
    const page = await this.contacts.list(tenantId, search, query.limit, query.cursor);
    return { items: page.items.map(toContactDto), nextCursor: page.nextCursor };
  }

  async get(tenantId: string, id: string): Promise<ContactDto> {
    const contact = await this.contacts.find(tenantId, id);
    if (!contact) throw new ContactNotFoundError();
    return toContactDto(contact);
  }

  /**
   * Replaces what `dto` gives; with `ifMatch`, only if the version is still that
   * one. A change of phone or status runs in a transaction that holds the
   * numbers' locks (see lockPhones) and keeps the do-not-call rules.
   */
  async update(tenantId: string, id: string, dto: UpdateContactDto, actor: string, ifMatch?: number): Promise<ContactDto> {
    const changes = this.changesOf(dto);
    if (Object.keys(changes).length === 0 && dto.timeZone === undefined) {
      const current = await this.get(tenantId, id);
      if (ifMatch !== undefined && current.version !== ifMatch) throw new PreconditionFailedError();
      return current;
    }
    if (changes.phone !== undefined || changes.status !== undefined || dto.timeZone === null) {
      // Read before the transaction: a read on another connection while holding one could starve a small pool.
      const before = await this.contacts.find(tenantId, id);
      if (!before) throw new ContactNotFoundError();
      return toContactDto(await this.dataSource.transaction((manager) => this.updateGuarded(manager, before, changes, dto, actor, ifMatch)));
    }
    const updated = await this.dataSource.transaction(async (manager) => {
      const row = await this.contacts.update(tenantId, id, changes, this.clock.now(), ifMatch, manager);
      if (row) await this.events.record(manager, { type: 'contact.updated', tenantId, occurredAt: row.updatedAt, data: toContactDto(row) });
      return row;
    });
    if (updated) return toContactDto(updated);
    await this.get(tenantId, id); // 404 when it is gone; otherwise the version moved on
    throw new PreconditionFailedError();
  }

  /**
   * A change of phone, status or a time zone to derive again. Setting
   * `do_not_call` lists the number (source `api`); a do-not-call contact keeps
   * its status, and a new number it takes is listed too, so the person stays
   * uncallable; any other status on a listed number → 409 CONTACT.DO_NOT_CALL.
   * `before` was read ahead of the transaction; a phone changed since is a 412.
   */
  private async updateGuarded(
    manager: EntityManager,
    before: Contact,
    changes: ContactChanges,
    dto: UpdateContactDto,
    actor: string,
    ifMatch?: number,
  ): Promise<Contact> {
    const { tenantId, id } = before;
    const phone = changes.phone ?? before.phone;
    // Number locks before the row lock, the order listing a number takes them in.
    await lockPhones(manager, tenantId, [before.phone, phone]);
    const current = await this.contacts.findForUpdate(manager, tenantId, id);
    if (!current) throw new ContactNotFoundError();
    if (current.phone !== before.phone || (ifMatch !== undefined && current.version !== ifMatch)) throw new PreconditionFailedError();

    if (dto.timeZone === null || (changes.phone !== undefined && dto.timeZone === undefined)) changes.timeZone = timeZoneOfPhone(phone);
    const listed = await this.dncNumbers.isListed(manager, tenantId, phone);
    const wasDoNotCall = current.status === 'do_not_call';
    if (changes.status !== undefined && changes.status !== 'do_not_call' && (wasDoNotCall || listed)) throw new ContactDoNotCallError();
    if (listed || wasDoNotCall || changes.status === 'do_not_call') {
      changes.status = 'do_not_call';
      const reason = !wasDoNotCall
        ? `Status of contact ${id} set to do_not_call`
        : phone === current.phone
          ? `Number of do-not-call contact ${id}`
          : `New number of do-not-call contact ${id}`;
      if (!listed) await this.dncList.list(manager, tenantId, [{ phone, reason }], { source: 'api', actor });
    }
    const updated = await this.contacts.update(tenantId, id, changes, this.clock.now(), undefined, manager);
    if (!updated) throw new ContactNotFoundError();
    await this.events.record(manager, { type: 'contact.updated', tenantId, occurredAt: updated.updatedAt, data: toContactDto(updated) });
    return updated;
  }

  /** Soft delete: the row stays for call history, the phone is free again. */
  async remove(tenantId: string, id: string, ifMatch?: number): Promise<void> {
    if (await this.contacts.softDelete(tenantId, id, this.clock.now(), ifMatch)) return;
    await this.get(tenantId, id);
    throw new PreconditionFailedError();
  }

  /**
   * Sets a contact's status after a call, inside the caller's transaction when
   * `manager` is given (the call and the status commit together), never away
   * from `do_not_call` (a `do_not_call` disposition goes through DncList). Bumps `version`.
   * @returns false when the tenant has no live contact with that id.
   */
  async applyCallOutcome(tenantId: string, contactId: string, status: StatusAfterCall, manager?: EntityManager): Promise<boolean> {
    return this.contacts.setStatus(tenantId, contactId, status, this.clock.now(), manager);
  }

  /**
   * The id of the tenant's live contact with this phone, in any common spelling
   * (normalised to E.164 first); null when there is none or the phone is invalid.
   */
  async findIdByPhone(tenantId: string, phone: string): Promise<string | null> {
    const e164 = toE164(phone, this.cfg.defaultRegion);
    return e164 ? this.contacts.findIdByPhone(tenantId, e164) : null;
  }

  private phoneOf(input: string): string {
    const e164 = toE164(input, this.cfg.defaultRegion);
    if (!e164) throw new InvalidPhoneError();
    return e164;
  }

  /** The properties the PATCH gives, normalised as a creation normalises them. */
  private changesOf(dto: UpdateContactDto): ContactChanges {
    const changes: ContactChanges = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.phone !== undefined) changes.phone = this.phoneOf(dto.phone);
    if (dto.email !== undefined) changes.email = dto.email;
    if (dto.tags !== undefined) changes.tags = normaliseTags(dto.tags);
    if (dto.fields !== undefined) changes.fields = dto.fields;
    if (dto.status !== undefined) changes.status = dto.status;
    if (typeof dto.timeZone === 'string') changes.timeZone = canonicalTimeZone(dto.timeZone);
    return changes;
  }
}
