import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { Clock } from '#switchboard/common';
import { cellOf, csvEncoder } from './csv/csv-encoder.js';
import { ExportsRepository } from './exports.repository.js';
import { ExportFiles } from './files/export-files.js';
import { ExportSources } from './sources/export-sources.js';

/** Rows per keyset page read from the database. */
export const EXPORT_PAGE_SIZE = 1000;
/** Rows between two progress updates of `rowCount`. */
const PROGRESS_EVERY = 50_000;

/**
 * Produces an export's file: reads its rows page by page, encodes them as CSV
 * and streams them to the file store as they come. Backpressure reaches the
 * database: a page is read only when the upload has taken the previous one, so
 * memory stays flat whatever the row count.
 */
@Injectable()
export class ExportRunner {
  constructor(
    private readonly exports: ExportsRepository,
    private readonly sources: ExportSources,
    private readonly files: ExportFiles,
    private readonly clock: Clock,
  ) {}

  /** Runs the export; a finished or unknown one is left alone (a duplicate message). */
  async run(tenantId: string, exportId: string): Promise<void> {
    const job = await this.exports.claim(tenantId, exportId, this.clock.now());
    if (!job) return;
    const source = this.sources.of(job.type);
    let rows = 0;
    const exports = this.exports;
    const clock = this.clock;
    async function* cells(): AsyncGenerator<string[]> {
      let reported = 0;
      for await (const page of source.pages(tenantId, job!.filter, EXPORT_PAGE_SIZE)) {
        for (const row of page) yield row.map(cellOf);
        rows += page.length;
        if (rows - reported >= PROGRESS_EVERY) {
          reported = rows;
          await exports.progress(job!.id, rows, clock.now());
        }
      }
    }
    const csv = csvEncoder(source.columns);
    const fileKey = `${job.id}.csv`;
    const saved = this.files.save(fileKey, csv).catch((err: unknown) => {
      // The store gave up: stop reading rows nobody will take.
      csv.destroy(err as Error);
      throw err;
    });
    await Promise.all([pipeline(Readable.from(cells()), csv), saved]);
    await this.exports.complete(job.id, rows, fileKey, this.clock.now());
  }

  /** Records that the export will not be produced (its message goes to the DLQ). */
  fail(exportId: string, failure: string): Promise<void> {
    return this.exports.fail(exportId, failure, this.clock.now());
  }
}
