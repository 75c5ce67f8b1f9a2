import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { entityFromRow } from '#switchboard/database';
import type { EntityManager, Repository } from 'typeorm';
import { ContactImportChunk } from './contact-import-chunk.entity.js';
import { ContactImport, MAX_KEPT_ERRORS } from './contact-import.entity.js';
import type { RowError } from './import-rows.js';

/** What an import starts with. */
export type NewContactImport = Pick<ContactImport, 'kind' | 'status' | 'total' | 'chunks' | 'processed' | 'failed' | 'errors' | 'completedAt'>;

/** What one applied chunk adds to its import. */
export interface ChunkProgress {
  /** Rows the chunk handled, imported or rejected. */
  processed: number;
  failed: number;
  errors: RowError[];
}

/**
 * Adds a chunk's counts, keeps the MAX_KEPT_ERRORS lowest-numbered row errors,
 * and completes the import with its last rows, in one statement, so concurrent
 * chunks of one import never lose each other's counts.
 */
const RECORD_PROGRESS = `
  UPDATE contact_imports SET
    processed = processed + $2,
    failed = failed + $3,
    errors = CASE WHEN jsonb_array_length($4::jsonb) = 0 THEN errors ELSE (
      SELECT coalesce(jsonb_agg(e ORDER BY (e->>'row')::int), '[]'::jsonb)
      FROM (SELECT e FROM jsonb_array_elements(errors || $4::jsonb) AS e ORDER BY (e->>'row')::int LIMIT ${MAX_KEPT_ERRORS}) AS kept
    ) END,
    status = CASE WHEN status = 'failed' THEN status WHEN processed + $2 >= total THEN 'completed' ELSE 'processing' END,
    completed_at = CASE WHEN status <> 'failed' AND processed + $2 >= total THEN $5 ELSE completed_at END,
    updated_at = $5
  WHERE id = $1
  RETURNING *, status = 'completed' AND processed - $2 < total AS just_completed`;

/**
 * The `contact_imports` table and its `contact_import_chunks` (the chunks already
 * applied, which exist only for their import's progress). Chunk statements run
 * in the chunk's transaction (`manager`).
 */
@Injectable()
export class ContactImportsRepository {
  constructor(@InjectRepository(ContactImport) private readonly repository: Repository<ContactImport>) {}

  async insert(tenantId: string, values: NewContactImport, now: Date, manager?: EntityManager): Promise<ContactImport> {
    const result = await (manager ?? this.repository.manager)
      .getRepository(ContactImport)
      .createQueryBuilder()
      .insert()
      .values({ ...values, tenantId, createdAt: now, updatedAt: now })
      .returning('*')
      .updateEntity(false)
      .execute();
    return entityFromRow(this.repository, result.raw)!;
  }

  find(tenantId: string, id: string): Promise<ContactImport | null> {
    return this.repository.findOneBy({ id, tenantId });
  }

  exists(tenantId: string, id: string, manager: EntityManager): Promise<boolean> {
    return manager.getRepository(ContactImport).existsBy({ id, tenantId });
  }

  /**
   * Records chunk `chunkIndex` of the import as applied.
   * @returns false when it was already (a redelivery or a duplicate message).
   */
  async claimChunk(importId: string, chunkIndex: number, now: Date, manager: EntityManager): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(ContactImportChunk)
      .values({ importId, chunkIndex, processedAt: now })
      .orIgnore()
      .returning(['chunkIndex'])
      .updateEntity(false)
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  /** @returns the import when these counts completed it (for its import.completed event), else undefined. */
  async recordProgress(importId: string, progress: ChunkProgress, now: Date, manager: EntityManager): Promise<ContactImport | undefined> {
    const [rows] = (await manager.query(RECORD_PROGRESS, [importId, progress.processed, progress.failed, JSON.stringify(progress.errors), now])) as [
      (Record<string, unknown> & { just_completed: boolean })[],
      number,
    ];
    return rows[0]?.just_completed ? entityFromRow(this.repository, rows) : undefined;
  }

  /** Marks an import that can no longer complete; one already settled stays as it is. */
  async markFailed(importId: string, now: Date): Promise<void> {
    await this.repository
      .createQueryBuilder()
      .update()
      .set({ status: 'failed', updatedAt: now, completedAt: now })
      .where(`id = :importId AND status IN ('queued', 'processing')`, { importId })
      .updateEntity(false)
      .execute();
  }
}
