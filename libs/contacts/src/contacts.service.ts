import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock, PreconditionFailedError, type Page } from '#switchboard/common';
import { EventOutbox } from '#switchboard/events';
import { DataSource, type EntityManager } from 'typeorm';
import type { ContactStatus } from './contact.entity.js';
import { normaliseTags } from './contact-tags.js';
import { contactsConfig } from './contacts.config.js';
import { ContactNotFoundError, InvalidPhoneError, PhoneTakenError } from './contacts.errors.js';
import { ContactsRepository, type ContactChanges, type ContactSearch } from './contacts.repository.js';
import { toContactDto, type ContactDto } from './dto/contact.dto.js';
import type { CreateContactDto } from './dto/create-contact.dto.js';
import type { ListContactsQueryDto } from './dto/list-contacts-query.dto.js';
import type { UpdateContactDto } from './dto/update-contact.dto.js';
import { phoneSearchPrefixes, toE164 } from './phone.js';

/** Contacts of one tenant at a time; phones in E.164, tags trimmed and once each. */
@Injectable()
export class ContactsService {
  constructor(
    private readonly contacts: ContactsRepository,
    @Inject(contactsConfig.KEY) private readonly cfg: ConfigType<typeof contactsConfig>,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly events: EventOutbox,
  ) {}

  async create(tenantId: string, dto: CreateContactDto): Promise<ContactDto> {
    const contact = { name: dto.name, phone: this.phoneOf(dto.phone), email: dto.email ?? null, tags: normaliseTags(dto.tags ?? []), fields: dto.fields ?? {} };
    // The contact.created event commits with the contact, or neither does.
    return this.dataSource.transaction(async (manager) => {
      const created = await this.contacts.insert(tenantId, contact, this.clock.now(), manager);
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

  /** Replaces what `dto` gives; with `ifMatch`, only if the version is still that one. */
  async update(tenantId: string, id: string, dto: UpdateContactDto, ifMatch?: number): Promise<ContactDto> {
    const changes = this.changesOf(dto);
    if (Object.keys(changes).length === 0) {
      const current = await this.get(tenantId, id);
      if (ifMatch !== undefined && current.version !== ifMatch) throw new PreconditionFailedError();
      return current;
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

  /** Soft delete: the row stays for call history, the phone is free again. */
  async remove(tenantId: string, id: string, ifMatch?: number): Promise<void> {
    if (await this.contacts.softDelete(tenantId, id, this.clock.now(), ifMatch)) return;
    await this.get(tenantId, id);
    throw new PreconditionFailedError();
  }

  /**
   * Sets a contact's status after a call, inside the caller's transaction when
   * `manager` is given (the call and the status commit together). Bumps `version`.
   * @returns false when the tenant has no live contact with that id.
   */
  async applyCallOutcome(tenantId: string, contactId: string, status: ContactStatus, manager?: EntityManager): Promise<boolean> {
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
    return changes;
  }
}
