import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { toPage, type Page } from '#switchboard/common';
import { keysetRows } from '#switchboard/database';
import type { EntityManager, Repository } from 'typeorm';
import { DncHistory } from './dnc-history.entity.js';

/** One change to record. */
export type NewDncHistory = Pick<DncHistory, 'phone' | 'action' | 'source' | 'actor' | 'reason'>;

/** Rows inserted per statement (Postgres takes at most 65,535 parameters; 7 per row). */
const INSERT_BATCH = 5000;

/** The `dnc_history` table: insert-only, read newest first. */
@Injectable()
export class DncHistoryRepository {
  constructor(@InjectRepository(DncHistory) private readonly repository: Repository<DncHistory>) {}

  /** Records changes in the caller's transaction, all at `now`. */
  async record(manager: EntityManager, tenantId: string, changes: NewDncHistory[], now: Date): Promise<void> {
    for (let at = 0; at < changes.length; at += INSERT_BATCH) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(DncHistory)
        .values(changes.slice(at, at + INSERT_BATCH).map((c) => ({ ...c, tenantId, createdAt: now })))
        .updateEntity(false)
        .execute();
    }
  }

  /** The tenant's changes (of one number, when given), newest first, one keyset page. */
  async list(tenantId: string, phone: string | undefined, limit: number, cursor?: string): Promise<Page<DncHistory>> {
    const qb = this.repository.createQueryBuilder('h').where('h.tenantId = :tenantId', { tenantId });
    if (phone) qb.andWhere('h.phone = :phone', { phone });
    return toPage(await keysetRows(qb, limit, cursor), limit);
  }
}
