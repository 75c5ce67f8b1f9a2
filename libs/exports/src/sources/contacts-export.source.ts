import { Injectable } from '@nestjs/common';
import { ContactsService, type ContactDto, type ListContactsQueryDto } from '#switchboard/contacts';
import { ContactsExportFilterDto } from '../dto/export-filters.dto.js';
import type { ExportFilter, ExportSource } from './export-source.js';

const COLUMNS: readonly (keyof ContactDto)[] = ['id', 'name', 'phone', 'email', 'tags', 'fields', 'status', 'version', 'createdAt', 'updatedAt'];

/** Live contacts as GET /v1/contacts lists them (the same service call), newest first. */
@Injectable()
export class ContactsExportSource implements ExportSource {
  readonly type = 'contacts';
  readonly columns = COLUMNS;
  readonly filterType = ContactsExportFilterDto;

  constructor(private readonly contacts: ContactsService) {}

  check(): Promise<void> {
    return Promise.resolve();
  }

  async *pages(tenantId: string, filter: ExportFilter, pageSize: number): AsyncIterable<unknown[][]> {
    let cursor: string | undefined;
    do {
      const query = { ...filter, limit: pageSize, cursor } as ListContactsQueryDto;
      const page = await this.contacts.list(tenantId, query);
      yield page.items.map((contact) => COLUMNS.map((column) => contact[column]));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
}
