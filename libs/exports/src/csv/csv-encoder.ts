import { stringify, type Stringifier } from 'csv-stringify';

/**
 * A streaming CSV encoder for export rows: a header row, RFC 4180 quoting, a
 * UTF-8 byte order mark (so spreadsheet programs read accents right), and
 * formula neutralising: a cell that starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return (or their full-width forms) gets a leading `'`, so a
 * spreadsheet shows it as text instead of running it (OWASP "CSV Injection").
 * Phone numbers in E.164 start with `+` and are shown as `'+1…` for that reason.
 */
export function csvEncoder(columns: readonly string[]): Stringifier {
  return stringify({ header: true, columns: [...columns], bom: true, escape_formulas: true });
}

/** A cell's text: empty for null, `;`-joined lists, JSON for objects, ISO 8601 for dates. */
export function cellOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(cellOf).join(';');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value as string | number | boolean);
}
