import { ValidationError, type FieldError } from '#switchboard/common';
import { CsvError, parse } from 'csv-parse/sync';
import { ImportTooLargeError } from '../contacts.errors.js';

/** A rejected row: `row` counts from 1 at the first data row. */
export interface RowError {
  row: number;
  code: string;
  message: string;
}

/** One row of an import, before validation: its data, or why it could not even be read. */
export type ImportRow = { row: number; data: unknown } | { row: number; error: Omit<RowError, 'row'> };

/** Far above what 5 MB holds in practice; a guard against pathological one-byte rows. */
export const MAX_IMPORT_ROWS = 100_000;

export const CSV_COLUMNS = ['name', 'phone', 'email', 'tags'] as const;
const REQUIRED_COLUMNS = ['name', 'phone'];

const invalid = (field: string, code: string, message: string) => new ValidationError([{ field, code, message }]);

/**
 * The rows of an import body: a CSV text (header `name,phone,email,tags`, tags
 * separated by `;`) or a JSON `{ contacts: [...] }`. Structural problems of the
 * whole body are a 400; problems of one row become that row's error later.
 */
export function readImportBody(body: unknown): ImportRow[] {
  const rows = typeof body === 'string' ? readCsv(body) : readJson(body);
  if (rows.length === 0) throw invalid('contacts', 'EMPTY_IMPORT', 'The import has no rows.');
  if (rows.length > MAX_IMPORT_ROWS) throw new ImportTooLargeError(MAX_IMPORT_ROWS);
  return rows;
}

function readJson(body: unknown): ImportRow[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('body', 'IS_OBJECT', 'The body must be a JSON object { contacts: [...] } or text/csv.');
  }
  const unknown: FieldError[] = Object.keys(body)
    .filter((k) => k !== 'contacts')
    .map((field) => ({ field, code: 'UNKNOWN_FIELD', message: `${field} is not a known field.` }));
  if (unknown.length) throw new ValidationError(unknown);
  const contacts = (body as { contacts?: unknown }).contacts;
  if (!Array.isArray(contacts)) throw invalid('contacts', 'IS_ARRAY', 'contacts must be an array.');
  return contacts.map((data, i) =>
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? { row: i + 1, data }
      : { row: i + 1, error: { code: 'INVALID_ROW', message: 'The row must be an object.' } },
  );
}

function readCsv(text: string): ImportRow[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    if (err instanceof CsvError) throw invalid('body', 'MALFORMED_CSV', `The CSV cannot be read: ${err.message}`);
    throw err;
  }
  const [header, ...data] = records;
  if (!header) return [];
  const columns = header.map((h) => h.toLowerCase());
  const problems: FieldError[] = [];
  columns.forEach((c, i) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(c))
      problems.push({ field: `header.${c || i + 1}`, code: 'UNKNOWN_COLUMN', message: `Column "${header[i]}" is not one of ${CSV_COLUMNS.join(', ')}.` });
    else if (columns.indexOf(c) !== i) problems.push({ field: `header.${c}`, code: 'DUPLICATE_COLUMN', message: `Column "${c}" appears twice.` });
  });
  for (const c of REQUIRED_COLUMNS) {
    if (!columns.includes(c)) problems.push({ field: `header.${c}`, code: 'MISSING_COLUMN', message: `The header must have a "${c}" column.` });
  }
  if (problems.length) throw new ValidationError(problems, 'The CSV header is not valid.');
  return data.map((cells, i) =>
    cells.length === columns.length
      ? { row: i + 1, data: csvRecord(columns, cells) }
      : { row: i + 1, error: { code: 'INVALID_ROW', message: `The row has ${cells.length} columns; the header has ${columns.length}.` } },
  );
}

/** A CSV record as the JSON form of a row: empty optional cells are absent, tags split on `;`. */
function csvRecord(columns: string[], cells: string[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const value = cells[i]!;
    if (column === 'tags') {
      const tags = value
        .split(';')
        .map((t) => t.trim())
        .filter(Boolean);
      if (tags.length) row.tags = tags;
    } else if (column === 'email') {
      if (value) row.email = value;
    } else {
      row[column] = value;
    }
  });
  return row;
}
