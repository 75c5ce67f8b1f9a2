import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '#switchboard/common';
import { DataSource } from 'typeorm';
import { ImportNotFoundError } from '../contacts.errors.js';
import { MAX_KEPT_ERRORS, type ImportKind, type ImportStatus } from './contact-import.entity.js';
import { ContactImportsRepository } from './contact-imports.repository.js';
import { toContactImportDto, type ContactImportDto, type ImportAcceptedDto } from './dto/contact-import.dto.js';
import { chunkRows, type ImportChunkMessage } from './import-chunks.js';
import { ImportOutboxRelay } from './import-outbox.relay.js';
import { ImportOutboxRepository } from './import-outbox.repository.js';
import { CONTACT_ROWS, DNC_ROWS, readImportBody } from './import-rows.js';

/** A `dnc` import's starter, recorded as the actor of every number it lists. */
export interface ImportOptions {
  kind: ImportKind;
  actor?: string;
}

/** The HTTP side of imports: accept a body, queue its rows, report progress. */
@Injectable()
export class ContactImportsService {
  private readonly logger = new Logger('ContactImports');

  constructor(
    private readonly dataSource: DataSource,
    private readonly imports: ContactImportsRepository,
    private readonly outbox: ImportOutboxRepository,
    private readonly relay: ImportOutboxRelay,
    private readonly clock: Clock,
  ) {}

  /**
   * Records the import and, in the same transaction, one outbox message per
   * chunk, then sends them to `contact-imports` (ImportOutboxRelay). Rows that
   * cannot travel (unreadable, oversized) are counted as failed right away.
   * Answers before any row is applied. Once committed the import is owed: a
   * send that fails here is retried by the relay, never reported as a failure.
   */
  async start(tenantId: string, body: unknown, options: ImportOptions = { kind: 'contacts' }): Promise<ImportAcceptedDto> {
    const { kind, actor } = options;
    const rows = await readImportBody(body, kind === 'dnc' ? DNC_ROWS : CONTACT_ROWS);
    const { chunks, errors } = chunkRows(rows);
    const now = this.clock.now();
    const status: ImportStatus = chunks.length ? 'queued' : 'completed';
    const { id } = await this.dataSource.transaction(async (manager) => {
      const created = await this.imports.insert(
        tenantId,
        {
          kind,
          status,
          total: rows.length,
          chunks: chunks.length,
          processed: errors.length,
          failed: errors.length,
          errors: errors.slice(0, MAX_KEPT_ERRORS),
          completedAt: chunks.length ? null : now,
        },
        now,
        manager,
      );
      const messages = chunks.map((chunkRows, chunk): ImportChunkMessage => ({
        importId: created.id,
        tenantId,
        chunk,
        rows: chunkRows,
        ...(kind === 'dnc' ? { kind, actor } : {}),
      }));
      await this.outbox.insert(messages, now, manager);
      return created;
    });
    await this.relay
      .afterImport(id)
      .catch((err: unknown) => this.logger.warn({ err, importId: id }, 'Import chunks not sent yet; the outbox relay sends them'));
    return { id, status, total: rows.length };
  }

  /** An import of that kind: a `dnc` import is not one of `/v1/contact-imports`, nor the other way round. */
  async get(tenantId: string, id: string, kind: ImportKind = 'contacts'): Promise<ContactImportDto> {
    const found = await this.imports.find(tenantId, id);
    if (!found || found.kind !== kind) throw new ImportNotFoundError();
    return toContactImportDto(found);
  }
}
