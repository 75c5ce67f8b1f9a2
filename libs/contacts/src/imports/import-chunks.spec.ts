import { chunkRows, MAX_CHUNK_BYTES, MAX_CHUNK_ROWS } from './import-chunks.js';
import type { ImportRow } from './import-rows.js';

const rowsOf = (n: number, data: (i: number) => unknown = (i) => ({ name: `c${i}`, phone: `+1202555${String(i).padStart(4, '0')}` })): ImportRow[] =>
  Array.from({ length: n }, (_, i) => ({ row: i + 1, data: data(i) }));

describe('chunkRows', () => {
  it('cuts at 500 rows and keeps every row once, in order', () => {
    const { chunks, errors } = chunkRows(rowsOf(1201));
    expect(chunks.map((c) => c.length)).toEqual([500, 500, 201]);
    expect(chunks.flat().map(([row]) => row)).toEqual(Array.from({ length: 1201 }, (_, i) => i + 1));
    expect(errors).toEqual([]);
  });

  it('cuts earlier when rows are large, staying under the byte budget', () => {
    const { chunks } = chunkRows(rowsOf(400, (i) => ({ name: `c${i}`, phone: '1', fields: { note: 'x'.repeat(1000) } })));
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(Buffer.byteLength(JSON.stringify(chunk))).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
    expect(chunks.flat()).toHaveLength(400);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(MAX_CHUNK_ROWS);
  });

  it('turns unreadable and oversized rows into errors without sending them', () => {
    const rows: ImportRow[] = [
      { row: 1, data: { name: 'a', phone: '1' } },
      { row: 2, error: { code: 'INVALID_ROW', message: 'The row must be an object.' } },
      { row: 3, data: { name: 'x'.repeat(200 * 1024) } },
    ];
    const { chunks, errors } = chunkRows(rows);
    expect(chunks).toEqual([[[1, { name: 'a', phone: '1' }]]]);
    expect(errors).toEqual([
      { row: 2, code: 'INVALID_ROW', message: 'The row must be an object.' },
      { row: 3, code: 'ROW_TOO_LARGE', message: 'The row is larger than 96 KiB.' },
    ]);
  });
});
