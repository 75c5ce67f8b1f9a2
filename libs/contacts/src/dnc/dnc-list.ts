import { Injectable } from '@nestjs/common';
import { Clock } from '#switchboard/common';
import { EventOutbox } from '#switchboard/events';
import type { EntityManager } from 'typeorm';
import { ContactsRepository } from '../contacts.repository.js';
import { DncHistoryRepository } from './dnc-history.repository.js';
import type { DncNumber } from './dnc-number.entity.js';
import { DncNumbersRepository, type DncNumberInput, type DncOrigin } from './dnc-numbers.repository.js';
import { toDncEntryDto } from './dto/dnc.dto.js';
import { lockPhones } from './phone-locks.js';

/**
 * The do-not-call list's writes, inside the caller's transaction: listing a
 * number also makes every contact of the tenant with that number `do_not_call`,
 * and both changes commit (or not) with whatever the caller writes — a call and
 * the listing its disposition causes are one commit.
 */
@Injectable()
export class DncList {
  constructor(
    private readonly numbers: DncNumbersRepository,
    private readonly history: DncHistoryRepository,
    private readonly contacts: ContactsRepository,
    private readonly clock: Clock,
    private readonly events: EventOutbox,
  ) {}

  /**
   * Lists E.164 numbers with their reasons. A number already listed keeps its
   * first listing and gets no new history row; its contacts are made
   * `do_not_call` all the same.
   * @returns the rows newly listed.
   */
  async list(manager: EntityManager, tenantId: string, numbers: DncNumberInput[], origin: DncOrigin): Promise<DncNumber[]> {
    const byPhone = new Map(numbers.map((n) => [n.phone, n]));
    const phones = [...byPhone.keys()];
    await lockPhones(manager, tenantId, phones);
    const now = this.clock.now();
    const listed = await this.numbers.insertMissing(manager, tenantId, [...byPhone.values()], origin, now);
    await this.history.record(
      manager,
      tenantId,
      listed.map((n) => ({ phone: n.phone, action: 'added', source: origin.source, actor: origin.actor, reason: n.reason })),
      now,
    );
    await this.contacts.markDoNotCall(manager, tenantId, phones, now);
    await this.events.recordMany(
      manager,
      listed.map((n) => ({ type: 'contact.dnc_added', tenantId, occurredAt: now, data: toDncEntryDto(n) })),
    );
    return listed;
  }

  /**
   * Lists the number of the tenant's live contact `contactId` (a `do_not_call`
   * disposition on a call with it).
   * @returns false, listing nothing, when the tenant has no such contact.
   */
  async listContactNumber(manager: EntityManager, tenantId: string, contactId: string, origin: DncOrigin, reason: string | null): Promise<boolean> {
    const phone = await this.contacts.findPhone(manager, tenantId, contactId);
    if (!phone) return false;
    await this.list(manager, tenantId, [{ phone, reason }], origin);
    return true;
  }

  /**
   * Takes a number off the list (the caller checked `dnc:write`): its contacts
   * become `new` again and the removal is written to the history.
   * @returns the removed listing, or null when the number was not listed.
   */
  async remove(manager: EntityManager, tenantId: string, phone: string, actor: string, reason: string | null): Promise<DncNumber | null> {
    await lockPhones(manager, tenantId, [phone]);
    const removed = await this.numbers.delete(manager, tenantId, phone);
    if (!removed) return null;
    const now = this.clock.now();
    await this.history.record(manager, tenantId, [{ phone, action: 'removed', source: 'api', actor, reason }], now);
    await this.contacts.clearDoNotCall(manager, tenantId, phone, now);
    await this.events.record(manager, { type: 'contact.dnc_removed', tenantId, occurredAt: now, data: toDncEntryDto(removed) });
    return removed;
  }
}
