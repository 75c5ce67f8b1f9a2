import type { ImportRow, RowError } from './import-rows.js';

/** At most this many rows per message (the figure). */
export const MAX_CHUNK_ROWS = 500;
/** Payload budget per message: under SQS's 256 KiB, leaving room for the envelope. */
export const MAX_CHUNK_BYTES = 200 * 1024;
/** A row larger than this cannot be a valid contact (50 fields of 1,000 characters fit well under it). */
export const MAX_ROW_BYTES = 96 * 1024;

/** `[row number, row data]`: rows keep their numbers so errors point at the line the user sent. */
export type ChunkRow = [number, unknown];

/** One `contact-imports` message. */
export interface ImportChunkMessage {
  importId: string;
  tenantId: string;
  /** 0-based; with the import id, the key that makes a redelivery a no-op. */
  chunk: number;
  rows: ChunkRow[];
  /** Absent: contacts. `dnc`: numbers for the do-not-call list. */
  kind?: 'dnc';
  /** Who started a `dnc` import (agent id), recorded in the list's history. */
  actor?: string;
}

/**
 * Splits rows into messages of at most 500 rows and MAX_CHUNK_BYTES of JSON.
 * Rows that could not be read, or are too large to be a contact, come back as
 * errors to record at once: they never travel.
 */
export function chunkRows(rows: ImportRow[]): { chunks: ChunkRow[][]; errors: RowError[] } {
  const chunks: ChunkRow[][] = [];
  const errors: RowError[] = [];
  let current: ChunkRow[] = [];
  let bytes = 2;
  for (const item of rows) {
    if ('error' in item) {
      errors.push({ row: item.row, ...item.error });
      continue;
    }
    const entry: ChunkRow = [item.row, item.data];
    const size = Buffer.byteLength(JSON.stringify(entry)) + 1;
    if (size > MAX_ROW_BYTES) {
      errors.push({ row: item.row, code: 'ROW_TOO_LARGE', message: `The row is larger than ${MAX_ROW_BYTES / 1024} KiB.` });
      continue;
    }
    if (current.length === MAX_CHUNK_ROWS || bytes + size > MAX_CHUNK_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 2;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length) chunks.push(current);
  return { chunks, errors };
}
