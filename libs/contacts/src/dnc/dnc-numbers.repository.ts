import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { entitiesFromRows, entityFromRow } from '#switchboard/database';
import type { EntityManager, Repository } from 'typeorm';
import { DncNumber, type DncSource } from './dnc-number.entity.js';

/** A number to list and why. */
export interface DncNumberInput {
  phone: string;
  reason: string | null;
}

/** Who lists: the source and the actor recorded with the number and its history. */
export interface DncOrigin {
  source: DncSource;
  /** An agent id, `provider` for a telephony event. */
  actor: string;
}

/** The `dnc_numbers` table: the tenant's list, one row per number. */
@Injectable()
export class DncNumbersRepository {
  constructor(@InjectRepository(DncNumber) private readonly repository: Repository<DncNumber>) {}

  /**
   * Lists the numbers not listed yet; a number already listed keeps its first
   * listing. Returns the rows it inserted.
   */
  async insertMissing(manager: EntityManager, tenantId: string, numbers: DncNumberInput[], origin: DncOrigin, now: Date): Promise<DncNumber[]> {
    if (!numbers.length) return [];
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(DncNumber)
      .values(numbers.map((n) => ({ tenantId, phone: n.phone, reason: n.reason, source: origin.source, listedBy: origin.actor, listedAt: now })))
      .orIgnore()
      .returning('*')
      .updateEntity(false)
      .execute();
    return entitiesFromRows(this.repository, result.raw as Record<string, unknown>[]);
  }

  find(tenantId: string, phone: string, manager?: EntityManager): Promise<DncNumber | null> {
    return (manager ?? this.repository.manager).getRepository(DncNumber).findOneBy({ tenantId, phone });
  }

  findMany(tenantId: string, phones: string[], manager?: EntityManager): Promise<DncNumber[]> {
    if (!phones.length) return Promise.resolve([]);
    return (manager ?? this.repository.manager)
      .getRepository(DncNumber)
      .createQueryBuilder('d')
      .where('d.tenantId = :tenantId AND d.phone = ANY(:phones)', { tenantId, phones })
      .getMany();
  }

  async isListed(manager: EntityManager, tenantId: string, phone: string): Promise<boolean> {
    return manager.getRepository(DncNumber).existsBy({ tenantId, phone });
  }

  /** Takes a number off the list; the removed row, or null when it was not listed. */
  async delete(manager: EntityManager, tenantId: string, phone: string): Promise<DncNumber | null> {
    const result = await manager
      .createQueryBuilder()
      .delete()
      .from(DncNumber)
      .where('tenant_id = :tenantId AND phone = :phone', { tenantId, phone })
      .returning('*')
      .execute();
    return entityFromRow(this.repository, result.raw as Record<string, unknown>[]) ?? null;
  }
}
