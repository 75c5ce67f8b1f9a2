import { Injectable, Logger } from '@nestjs/common';
import { Clock, toFieldErrors, ValidationError } from '#switchboard/common';
import { QueueProducer } from '#switchboard/queue';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { CreateExportDto, ExportAcceptedDto } from './dto/create-export.dto.js';
import { toExportDto, type ExportDto } from './dto/export.dto.js';
import type { Export } from './export.entity.js';
import type { ExportMessage } from './export-message.js';
import { ExportNotFoundError } from './exports.errors.js';
import { ExportsRepository } from './exports.repository.js';
import { ExportFiles } from './files/export-files.js';
import type { ExportFilter } from './sources/export-source.js';
import { ExportSources } from './sources/export-sources.js';

/** The HTTP side of exports: accept a request, queue it, report progress and hand out links. */
@Injectable()
export class ExportsService {
  private readonly logger = new Logger('Exports');

  constructor(
    private readonly exports: ExportsRepository,
    private readonly sources: ExportSources,
    private readonly files: ExportFiles,
    private readonly producer: QueueProducer,
    private readonly clock: Clock,
  ) {}

  /**
   * Validates the filter against the type's list filters, records the export and
   * queues it. If the queue refuses the message, the export is removed again and
   * the caller told to retry (503), so no export waits for a message never sent.
   */
  async start(tenantId: string, dto: CreateExportDto): Promise<ExportAcceptedDto> {
    const source = this.sources.of(dto.type);
    const filter = await validFilter(source.filterType, dto.filter ?? {});
    await source.check(tenantId, filter);
    const created = await this.exports.insert({ tenantId, type: dto.type, format: dto.format ?? 'csv', filter }, this.clock.now());
    const message: ExportMessage = { exportId: created.id, tenantId };
    try {
      await this.producer.send('exports', message);
    } catch (err) {
      this.logger.warn({ err, exportId: created.id }, 'Export not queued; removed');
      await this.exports.remove(created.id);
      throw err;
    }
    return { id: created.id, status: created.status };
  }

  async get(tenantId: string, id: string): Promise<ExportDto> {
    const found = await this.exports.find(tenantId, id);
    if (!found) throw new ExportNotFoundError();
    const link = found.status === 'completed' && found.fileKey ? await this.files.downloadLink(fileOf(found)) : null;
    return toExportDto(found, link);
  }
}

/** The export's file as a link names it: `calls-2026-12-07.csv`. */
export function fileOf(e: Export): { exportId: string; fileKey: string; fileName: string } {
  return { exportId: e.id, fileKey: e.fileKey!, fileName: `${e.type}-${e.createdAt.toISOString().slice(0, 10)}.csv` };
}

/** The filter checked like the list API's query: the same rules, unknown fields refused, errors under `filter.`. */
async function validFilter(type: new () => object, raw: Record<string, unknown>): Promise<ExportFilter> {
  const dto = plainToInstance(type, raw);
  const errors = await validate(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length) throw new ValidationError(toFieldErrors(errors, 'filter'));
  return Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as ExportFilter;
}
