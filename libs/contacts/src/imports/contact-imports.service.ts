import { Injectable } from '@nestjs/common';
import { Clock } from '#switchboard/common';
import { Database } from '#switchboard/database';
import { QueueProducer } from '#switchboard/queue';
import { ImportNotFoundError } from '../contacts.errors.js';
import { MAX_KEPT_ERRORS, type ContactImport, type ImportStatus } from './contact-import.entity.js';
import { toContactImportDto, type ContactImportDto, type ImportAcceptedDto } from './dto/contact-import.dto.js';
import { chunkRows, type ImportChunkMessage } from './import-chunks.js';
import { ImportChunksService } from './import-chunks.service.js';
import { readImportBody } from './import-rows.js';

const IMPORT_COLUMNS = `id, tenant_id AS "tenantId", status, total, chunks, processed, failed, errors,
  created_at AS "createdAt", updated_at AS "updatedAt", completed_at AS "completedAt"`;

/** The HTTP side of imports: accept a body, queue its rows, report progress. */
@Injectable()
export class ContactImportsService {
  constructor(
    private readonly db: Database,
    private readonly chunks: ImportChunksService,
    private readonly producer: QueueProducer,
    private readonly clock: Clock,
  ) {}

  /**
   * Records the import and sends its rows to `contact-imports`, one message per
   * chunk. Rows that cannot travel (unreadable, oversized) are counted as failed
   * right away. Answers before any row is applied.
   */
  async start(tenantId: string, body: unknown): Promise<ImportAcceptedDto> {
    const rows = readImportBody(body);
    const { chunks, errors } = chunkRows(rows);
    const now = this.clock.now();
    const status: ImportStatus = chunks.length ? 'queued' : 'completed';
    const [created] = await this.db.query<{ id: string }>(
      `INSERT INTO contact_imports (tenant_id, status, total, chunks, processed, failed, errors, created_at, updated_at, completed_at)
       VALUES ($1, $2, $3, $4, $5, $5, $6::jsonb, $7, $7, $8) RETURNING id`,
      [tenantId, status, rows.length, chunks.length, errors.length, JSON.stringify(errors.slice(0, MAX_KEPT_ERRORS)), now, chunks.length ? null : now],
    );
    const id = created!.id;
    try {
      await this.producer.sendBatch('contact-imports', chunks.map((chunkRows, chunk): ImportChunkMessage => ({ importId: id, tenantId, chunk, rows: chunkRows })));
    } catch (err) {
      // Some chunks may be on the queue already; they still apply, but the import
      // can never complete, so it says so instead of staying queued forever.
      await this.chunks.markFailed(id);
      throw err;
    }
    return { id, status, total: rows.length };
  }

  async get(tenantId: string, id: string): Promise<ContactImportDto> {
    const [found] = await this.db.query<ContactImport>(`SELECT ${IMPORT_COLUMNS} FROM contact_imports WHERE id = $1 AND tenant_id = $2`, [id, tenantId]);
    if (!found) throw new ImportNotFoundError();
    return toContactImportDto(found);
  }
}
