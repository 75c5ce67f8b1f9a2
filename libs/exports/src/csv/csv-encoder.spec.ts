import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { cellOf, csvEncoder } from './csv-encoder.js';

async function encode(columns: string[], rows: string[][]): Promise<string> {
  // Buffer#toString keeps the BOM (a TextDecoder would drop it).
  return (await buffer(Readable.from(rows).pipe(csvEncoder(columns)))).toString('utf8');
}

const cellsOf = async (cells: string[]) =>
  (
    parse(
      await encode(
        ['a'],
        cells.map((c) => [c]),
      ),
      { bom: true, from_line: 2 },
    ) as string[][]
  ).map(([c]) => c);

describe('csvEncoder', () => {
  it('writes a BOM, the header and one line per row, quoting what needs quotes', async () => {
    const out = await encode(
      ['name', 'notes'],
      [
        ['Ada', 'said "hi", left'],
        ['Bob', 'two\nlines'],
      ],
    );
    expect(out.startsWith('\uFEFFname,notes\n')).toBe(true);
    expect(parse(out, { bom: true, columns: true })).toEqual([
      { name: 'Ada', notes: 'said "hi", left' },
      { name: 'Bob', notes: 'two\nlines' },
    ]);
  });

  it.each(['=1+1', '+12025550123', '-2+3', '@SUM(A1:A2)', '\t=cmd', '\r=cmd', '\uFF1DHYPERLINK("x")', '=HYPERLINK("http://evil","click")'])(
    'neutralises a cell starting with a formula trigger: %j',
    async (cell) => {
      expect(await cellsOf([cell])).toEqual([`'${cell}`]);
    },
  );

  it('leaves other cells as they are, including a trigger that is not the first character', async () => {
    const cells = ['Ada', 'a=b', 'x+1', 'mail@example.com', '', ' =1', "'quoted"];
    expect(await cellsOf(cells)).toEqual(cells);
  });
});

describe('cellOf', () => {
  it('renders nulls, lists, objects and dates as CSV text', () => {
    expect(cellOf(null)).toBe('');
    expect(cellOf(undefined)).toBe('');
    expect(cellOf(['vip', 'emea'])).toBe('vip;emea');
    expect(cellOf({ plan: 'gold', seats: 3 })).toBe('{"plan":"gold","seats":3}');
    expect(cellOf(new Date('2026-01-02T03:04:05.000Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(cellOf(7)).toBe('7');
    expect(cellOf(false)).toBe('false');
  });
});
