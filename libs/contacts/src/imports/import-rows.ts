import { setImmediate as nextTurn } from 'node:timers/promises';
import { Readable } from 'node:stream';
import { ValidationError, type FieldError } from '#switchboard/common';
import { CsvError, parse, type CastingContext } from 'csv-parse';
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

export const CSV_COLUMNS = ['name', 'phone', 'email', 'tags', 'time_zone'] as const;

/** What an import body holds: the JSON body's one array field, the CSV columns and those required. */
export interface ImportShape {
  jsonKey: string;
  columns: readonly string[];
  required: readonly string[];
}

export const CONTACT_ROWS: ImportShape = { jsonKey: 'contacts', columns: CSV_COLUMNS, required: ['name', 'phone'] };
/** Numbers for the do-not-call list: `{ numbers: [{ phone, reason }] }` or CSV `phone,reason`. */
export const DNC_ROWS: ImportShape = { jsonKey: 'numbers', columns: ['phone', 'reason'], required: ['phone'] };

/** CSV columns whose cell becomes a JSON property of another name. */
const JSON_NAMES: Record<string, string> = { time_zone: 'timeZone' };

/**
 * Cells a CSV record may have: the four columns leave room for a few stray ones,
 * while a header of a million unknown columns is refused at its 33rd cell (issue 20).
 */
export const MAX_CSV_COLUMNS = 32;
/** Characters a CSV record may hold: a valid contact row is a few hundred. */
export const MAX_CSV_RECORD_CHARS = 64 * 1024;
/** The CSV text goes to the parser in slices this long, yielding to the event loop between them. */
const CSV_SLICE_CHARS = 64 * 1024;
/** Names longer than this are cut in messages, so an error never echoes a huge header back. */
const MAX_NAME_CHARS = 64;
/** Unknown names listed in the one error that reports them. */
const LISTED_UNKNOWN = 5;

const invalid = (field: string, code: string, message: string) => new ValidationError([{ field, code, message }]);
const shown = (name: string) => (name.length > MAX_NAME_CHARS ? `${name.slice(0, MAX_NAME_CHARS)}…` : name);

/** One error for every unknown name: the first is the field, the message lists a few and counts them all. */
function unknownNames(names: string[], field: (first: string) => string, code: string, what: string, known: readonly string[]): FieldError {
  const listed = names
    .slice(0, LISTED_UNKNOWN)
    .map((n) => `"${shown(n)}"`)
    .join(', ');
  const more = names.length > LISTED_UNKNOWN ? ` and ${names.length - LISTED_UNKNOWN} more` : '';
  const verb = names.length === 1 ? `${what} ${listed} is` : `${what}s ${listed}${more} are`;
  return { field: field(shown(names[0]!)), code, message: `${verb} not one of ${known.join(', ')}.` };
}

/**
 * The rows of an import body: a CSV text (header `name,phone,email,tags`, tags
 * separated by `;`) or a JSON `{ contacts: [...] }`. Structural problems of the
 * whole body are a 400; problems of one row become that row's error later.
 * CSV is parsed as a stream that stops at the first cap it passes (rows,
 * columns, record size), so no body is ever parsed whole to be refused.
 */
export async function readImportBody(body: unknown, shape: ImportShape = CONTACT_ROWS): Promise<ImportRow[]> {
  const rows = typeof body === 'string' ? await readCsv(body, shape) : readJson(body, shape);
  if (rows.length === 0) throw invalid(shape.jsonKey, 'EMPTY_IMPORT', 'The import has no rows.');
  return rows;
}

function readJson(body: unknown, shape: ImportShape): ImportRow[] {
  const key = shape.jsonKey;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('body', 'IS_OBJECT', `The body must be a JSON object { ${key}: [...] } or text/csv.`);
  }
  const unknown = Object.keys(body).filter((k) => k !== key);
  if (unknown.length) throw new ValidationError([unknownNames(unknown, (f) => f, 'UNKNOWN_FIELD', 'Field', [key])]);
  const items = (body as Record<string, unknown>)[key];
  if (!Array.isArray(items)) throw invalid(key, 'IS_ARRAY', `${key} must be an array.`);
  if (items.length > MAX_IMPORT_ROWS) throw new ImportTooLargeError(MAX_IMPORT_ROWS);
  return items.map((data, i) =>
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? { row: i + 1, data }
      : { row: i + 1, error: { code: 'INVALID_ROW', message: 'The row must be an object.' } },
  );
}

/** Thrown from inside the parser at the first cell past MAX_CSV_COLUMNS. */
class TooManyColumns extends Error {
  constructor(readonly line: number) {
    super('too many columns');
  }
}

/** The text in slices, with a turn of the event loop after each: a 5 MB body never holds it for long. */
async function* slicesOf(text: string): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += CSV_SLICE_CHARS) {
    yield text.slice(at, at + CSV_SLICE_CHARS);
    await nextTurn();
  }
}

async function readCsv(text: string, shape: ImportShape): Promise<ImportRow[]> {
  const parser = Readable.from(slicesOf(text)).pipe(
    parse({
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      max_record_size: MAX_CSV_RECORD_CHARS,
      cast: (value: string, context: CastingContext) => {
        if (context.index >= MAX_CSV_COLUMNS) throw new TooManyColumns(context.lines);
        return value;
      },
    }),
  );
  let columns: string[] | undefined;
  const rows: ImportRow[] = [];
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!columns) {
        columns = readHeader(record, shape);
        continue;
      }
      // Leaving the loop destroys the parser: the rest of the body is never parsed.
      if (rows.length === MAX_IMPORT_ROWS) throw new ImportTooLargeError(MAX_IMPORT_ROWS);
      const row = rows.length + 1;
      rows.push(
        record.length === columns.length
          ? { row, data: csvRecord(columns, record) }
          : { row, error: { code: 'INVALID_ROW', message: `The row has ${record.length} columns; the header has ${columns.length}.` } },
      );
    }
  } catch (err) {
    if (err instanceof TooManyColumns) {
      const field = err.line <= 1 || !columns ? 'header' : 'body';
      throw invalid(field, 'TOO_MANY_COLUMNS', `Line ${err.line} has more than ${MAX_CSV_COLUMNS} columns; the columns are ${shape.columns.join(', ')}.`);
    }
    if (err instanceof CsvError && err.code === 'CSV_MAX_RECORD_SIZE') {
      const at = typeof err.lines === 'number' ? `Line ${err.lines}` : 'A line';
      throw invalid('body', 'RECORD_TOO_LARGE', `${at} is longer than ${MAX_CSV_RECORD_CHARS} characters.`);
    }
    if (err instanceof CsvError) throw invalid('body', 'MALFORMED_CSV', `The CSV cannot be read: ${err.message}`);
    throw err;
  }
  return rows;
}

/** The header's columns, lower-cased; every problem with them is one 400, each kind reported once. */
function readHeader(header: string[], shape: ImportShape): string[] {
  const columns = header.map((h) => h.toLowerCase());
  const problems: FieldError[] = [];
  const unknown = columns.flatMap((c, i) => (shape.columns.includes(c) ? [] : [c || String(i + 1)]));
  if (unknown.length) problems.push(unknownNames(unknown, (first) => `header.${first}`, 'UNKNOWN_COLUMN', 'Column', shape.columns));
  columns.forEach((c, i) => {
    if (shape.columns.includes(c) && columns.indexOf(c) !== i)
      problems.push({ field: `header.${c}`, code: 'DUPLICATE_COLUMN', message: `Column "${c}" appears twice.` });
  });
  for (const c of shape.required) {
    if (!columns.includes(c)) problems.push({ field: `header.${c}`, code: 'MISSING_COLUMN', message: `The header must have a "${c}" column.` });
  }
  if (problems.length) throw new ValidationError(problems, 'The CSV header is not valid.');
  return columns;
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
    } else if (column === 'name' || column === 'phone') {
      row[column] = value;
    } else if (value) {
      row[JSON_NAMES[column] ?? column] = value;
    }
  });
  return row;
}
