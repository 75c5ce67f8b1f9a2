import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { ContactImportOutbox } from './contact-import-outbox.entity.js';
import type { ImportChunkMessage } from './import-chunks.js';

/** Rows per insert statement: a chunk's message is up to 200 KiB of JSON. */
const INSERT_BATCH = 25;

/** Which unsent messages to take. */
export interface OutboxFilter {
  importId?: string;
  createdBefore?: Date;
}

/** A message the relay took, to send and then mark sent. */
export type OutboxEntry = Pick<ContactImportOutbox, 'importId' | 'chunkIndex' | 'message'>;

/**
 * The `contact_import_outbox` table: the messages of chunks accepted and not
 * applied yet. Writes that belong to an import's or a chunk's transaction take
 * its `manager`.
 */
@Injectable()
export class ImportOutboxRepository {
  constructor(@InjectRepository(ContactImportOutbox) private readonly repository: Repository<ContactImportOutbox>) {}

  /** Records the import's messages, in the transaction that records the import. */
  async insert(messages: ImportChunkMessage[], now: Date, manager: EntityManager): Promise<void> {
    for (let at = 0; at < messages.length; at += INSERT_BATCH) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(ContactImportOutbox)
        .values(messages.slice(at, at + INSERT_BATCH).map((message) => ({ importId: message.importId, chunkIndex: message.chunk, message, createdAt: now })))
        .updateEntity(false)
        .execute();
    }
  }

  /**
   * Locks up to `limit` unsent messages, oldest first (of one import, or written
   * before a time, when asked), skipping those another relay holds: two relays
   * never send the same row at once. Runs in the relay's transaction.
   */
  takeUnsent(limit: number, manager: EntityManager, only: OutboxFilter = {}): Promise<OutboxEntry[]> {
    const query = manager
      .getRepository(ContactImportOutbox)
      .createQueryBuilder('o')
      .select(['o.importId', 'o.chunkIndex', 'o.message'])
      .where('o.sent_at IS NULL')
      .orderBy('o.created_at')
      .addOrderBy('o.import_id')
      .addOrderBy('o.chunk_index')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked');
    if (only.importId) query.andWhere('o.import_id = :importId', { importId: only.importId });
    if (only.createdBefore) query.andWhere('o.created_at < :createdBefore', { createdBefore: only.createdBefore });
    return query.getMany();
  }

  async markSent(entries: OutboxEntry[], now: Date, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE contact_import_outbox o SET sent_at = $3
       FROM unnest($1::uuid[], $2::int[]) AS sent(import_id, chunk_index)
       WHERE o.import_id = sent.import_id AND o.chunk_index = sent.chunk_index`,
      [entries.map((e) => e.importId), entries.map((e) => e.chunkIndex), now],
    );
  }

  /** The chunk is applied (or dead-lettered): its message is no longer owed. */
  async remove(importId: string, chunkIndex: number, manager?: EntityManager): Promise<void> {
    await (manager ?? this.repository.manager).getRepository(ContactImportOutbox).delete({ importId, chunkIndex });
  }

  /**
   * Makes every message not applied yet due again: after a restart of the one
   * process, whatever its in-memory queue held is gone. A message also still on
   * a durable queue arrives twice, which applying a chunk once makes harmless.
   * @returns how many.
   */
  async markAllUnsent(): Promise<number> {
    const result = await this.repository.createQueryBuilder().update().set({ sentAt: null }).where('sent_at IS NOT NULL').updateEntity(false).execute();
    return result.affected ?? 0;
  }
}
