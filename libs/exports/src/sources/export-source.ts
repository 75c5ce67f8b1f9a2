import type { Type } from '@nestjs/common';
import type { ExportType } from '../export.entity.js';

/** A validated filter, as stored on the export (the list API's query fields). */
export type ExportFilter = Record<string, string>;

/** What one export type reads: its columns, its filter's DTO, and its rows page by page. */
export interface ExportSource {
  readonly type: ExportType;
  readonly columns: readonly string[];
  /** The class-validator DTO the request's `filter` must satisfy. */
  readonly filterType: Type<object>;
  /** Checks of a valid filter that need more than its shape (a range's order, the campaign's existence). */
  check(tenantId: string, filter: ExportFilter): Promise<void>;
  /** The matching rows, as cells in column order, one keyset page at a time: never the whole table in memory. */
  pages(tenantId: string, filter: ExportFilter, pageSize: number): AsyncIterable<unknown[][]>;
}
