import { Injectable } from '@nestjs/common';
import { CallsRepository, toCallDto, type CallDto } from '#switchboard/calls';
import { ValidationError } from '#switchboard/common';
import { CallsExportFilterDto } from '../dto/export-filters.dto.js';
import type { ExportFilter, ExportSource } from './export-source.js';

const COLUMNS: readonly (keyof CallDto)[] = [
  'id',
  'contactId',
  'contactPhone',
  'agentId',
  'campaignId',
  'direction',
  'startedAt',
  'answeredAt',
  'endedAt',
  'disposition',
  'notes',
  'providerCallId',
  'recordingUrl',
  'createdAt',
  'updatedAt',
];

/** Calls as GET /v1/calls lists them (same filter, same query), newest first. */
@Injectable()
export class CallsExportSource implements ExportSource {
  readonly type = 'calls';
  readonly columns = COLUMNS;
  readonly filterType = CallsExportFilterDto;

  constructor(private readonly calls: CallsRepository) {}

  check(_tenantId: string, filter: ExportFilter): Promise<void> {
    if (filter.from && filter.to && new Date(filter.to) <= new Date(filter.from)) {
      throw new ValidationError([{ field: 'filter.to', code: 'NOT_AFTER_FROM', message: 'filter.to must be after filter.from.' }]);
    }
    return Promise.resolve();
  }

  async *pages(tenantId: string, filter: ExportFilter, pageSize: number): AsyncIterable<unknown[][]> {
    const { contactId, agentId, campaignId } = filter;
    const range = { from: filter.from ? new Date(filter.from) : undefined, to: filter.to ? new Date(filter.to) : undefined };
    let cursor: string | undefined;
    do {
      const page = await this.calls.list(tenantId, { contactId, agentId, campaignId, ...range }, pageSize, cursor);
      yield page.items.map((call) => {
        const dto = toCallDto(call);
        return COLUMNS.map((column) => dto[column]);
      });
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
}
