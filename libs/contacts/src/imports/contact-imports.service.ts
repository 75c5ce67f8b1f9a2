import { Injectable } from '@nestjs/common';
import { Clock } from '#switchboard/common';
import { QueueProducer } from '#switchboard/queue';
import { ImportNotFoundError } from '../contacts.errors.js';
import { MAX_KEPT_ERRORS, type ImportStatus } from './contact-import.entity.js';
import { ContactImportsRepository } from './contact-imports.repository.js';
import { toContactImportDto, type ContactImportDto, type ImportAcceptedDto } from './dto/contact-import.dto.js';
import { chunkRows, type ImportChunkMessage } from './import-chunks.js';
import { ImportChunksService } from './import-chunks.service.js';
import { readImportBody } from './import-rows.js';

/** The HTTP side of imports: accept a body, queue its rows, report progress. */
@Injectable()
export class ContactImportsService {
  constructor(
    private readonly imports: ContactImportsRepository,
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
    const rows = await readImportBody(body);
    const { chunks, errors } = chunkRows(rows);
    const now = this.clock.now();
    const status: ImportStatus = chunks.length ? 'queued' : 'completed';
    const { id } = await this.imports.insert(
      tenantId,
      {
        status,
        total: rows.length,
        chunks: chunks.length,
        processed: errors.length,
        failed: errors.length,
        errors: errors.slice(0, MAX_KEPT_ERRORS),
        completedAt: chunks.length ? null : now,
      },
      now,
    );
    try {
      await this.producer.sendBatch(
        'contact-imports',
        chunks.map((chunkRows, chunk): ImportChunkMessage => ({ importId: id, tenantId, chunk, rows: chunkRows })),
      );
    } catch (err) {
      // Some chunks may be on the queue already; they still apply, but the import
      // can never complete, so it says so instead of staying queued forever.
      await this.chunks.markFailed(id);
      throw err;
    }
    return { id, status, total: rows.length };
  }

  async get(tenantId: string, id: string): Promise<ContactImportDto> {
    const found = await this.imports.find(tenantId, id);
    if (!found) throw new ImportNotFoundError();
    return toContactImportDto(found);
  }
}
