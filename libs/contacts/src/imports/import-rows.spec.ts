import { ValidationError } from '#switchboard/common';
import { MAX_CSV_COLUMNS, MAX_CSV_RECORD_CHARS, readImportBody } from './import-rows.js';

const fieldsOf = async (body: unknown) => {
  try {
    await readImportBody(body);
  } catch (err) {
    if (err instanceof ValidationError) return err.errors!.map((e) => `${e.field}:${e.code}`);
    throw err;
  }
  throw new Error('expected a ValidationError');
};

describe('readImportBody — CSV', () => {
  it('reads rows numbered from the first data row, with tags split on ";"', async () => {
    const csv = '\uFEFFName,Phone,Email,Tags\nAda,+12025550123,ada@example.com,vip; emea\n\n"Lovelace, Ada",2025550124,,\n';
    await expect(readImportBody(csv)).resolves.toEqual([
      { row: 1, data: { name: 'Ada', phone: '+12025550123', email: 'ada@example.com', tags: ['vip', 'emea'] } },
      { row: 2, data: { name: 'Lovelace, Ada', phone: '2025550124' } },
    ]);
  });

  it('takes the columns in any order and only name and phone', async () => {
    await expect(readImportBody('phone,name\n2025550123,Ada\n')).resolves.toEqual([{ row: 1, data: { phone: '2025550123', name: 'Ada' } }]);
  });

  it('marks a row with the wrong number of cells as a row error', async () => {
    await expect(readImportBody('name,phone\nAda\nBob,2025550123\n')).resolves.toEqual([
      { row: 1, error: { code: 'INVALID_ROW', message: 'The row has 1 columns; the header has 2.' } },
      { row: 2, data: { name: 'Bob', phone: '2025550123' } },
    ]);
  });

  it('reads a body longer than one slice of the stream, rows cut across slices', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `"Person, ${i}",+1202555${String(i).padStart(4, '0')}`);
    const rows = await readImportBody(`name,phone\n${lines.join('\n')}\n`);
    expect(rows).toHaveLength(5000);
    expect(rows[4999]).toEqual({ row: 5000, data: { name: 'Person, 4999', phone: '+12025554999' } });
  });

  it('rejects unknown, duplicate and missing columns', async () => {
    await expect(fieldsOf('name,mobile,name\nA,1,A\n')).resolves.toEqual([
      'header.mobile:UNKNOWN_COLUMN',
      'header.name:DUPLICATE_COLUMN',
      'header.phone:MISSING_COLUMN',
    ]);
  });

  it('reports every unknown column in one error, naming a few', async () => {
    const err = await readImportBody('name,phone,a,b,c,d,e,f,g\nA,1,,,,,,,\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).errors).toEqual([
      { field: 'header.a', code: 'UNKNOWN_COLUMN', message: 'Columns "a", "b", "c", "d", "e" and 2 more are not one of name, phone, email, tags, time_zone.' },
    ]);
  });

  it('refuses a header wider than the column cap with one error, and a data line as wide', async () => {
    const wide = Array.from({ length: 100_000 }, (_, i) => `k${i}`).join(',');
    await expect(fieldsOf(`${wide}\nA,1\n`)).resolves.toEqual(['header:TOO_MANY_COLUMNS']);
    const cells = Array.from({ length: MAX_CSV_COLUMNS + 1 }, () => 'x').join(',');
    await expect(fieldsOf(`name,phone\nA,2025550123\n${cells}\n`)).resolves.toEqual(['body:TOO_MANY_COLUMNS']);
  });

  it('refuses a line longer than the record cap', async () => {
    await expect(fieldsOf(`name,phone\n${'x'.repeat(MAX_CSV_RECORD_CHARS + 1)},1\n`)).resolves.toEqual(['body:RECORD_TOO_LARGE']);
  });

  it('rejects an unreadable CSV and one without rows', async () => {
    await expect(fieldsOf('name,phone\n"Ada,1\n')).resolves.toEqual(['body:MALFORMED_CSV']);
    await expect(fieldsOf('name,phone\n')).resolves.toEqual(['contacts:EMPTY_IMPORT']);
    await expect(fieldsOf('')).resolves.toEqual(['contacts:EMPTY_IMPORT']);
  });

  it('answers 413 at the first row past the cap, before the rest is parsed', async () => {
    // The last line is malformed: a parser that read the whole body would answer 400 instead.
    const csv = `name,phone\n${'a,1\n'.repeat(100_001)}"unclosed\n`;
    await expect(readImportBody(csv)).rejects.toMatchObject({ code: 'CONTACT_IMPORT.TOO_MANY_ROWS', kind: 'too_large' });
  });
});

describe('readImportBody — JSON', () => {
  it('reads each object as a row and marks anything else as a row error', async () => {
    await expect(readImportBody({ contacts: [{ name: 'Ada', phone: '1' }, 7, null] })).resolves.toEqual([
      { row: 1, data: { name: 'Ada', phone: '1' } },
      { row: 2, error: { code: 'INVALID_ROW', message: 'The row must be an object.' } },
      { row: 3, error: { code: 'INVALID_ROW', message: 'The row must be an object.' } },
    ]);
  });

  it('rejects a body without a contacts array, with other fields, or empty', async () => {
    await expect(fieldsOf({})).resolves.toEqual(['contacts:IS_ARRAY']);
    await expect(fieldsOf({ contacts: {} })).resolves.toEqual(['contacts:IS_ARRAY']);
    await expect(fieldsOf({ contacts: [], dryRun: true })).resolves.toEqual(['dryRun:UNKNOWN_FIELD']);
    await expect(fieldsOf({ contacts: [] })).resolves.toEqual(['contacts:EMPTY_IMPORT']);
    await expect(fieldsOf([{ name: 'a' }])).resolves.toEqual(['body:IS_OBJECT']);
    await expect(fieldsOf(undefined)).resolves.toEqual(['body:IS_OBJECT']);
  });

  it('reports every unknown field in one error', async () => {
    const body = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, 1]));
    await expect(fieldsOf({ contacts: [], ...body })).resolves.toEqual(['k0:UNKNOWN_FIELD']);
  });

  it('answers 413 beyond the row cap', async () => {
    await expect(readImportBody({ contacts: Array.from({ length: 100_001 }, () => ({})) })).rejects.toMatchObject({
      code: 'CONTACT_IMPORT.TOO_MANY_ROWS',
      kind: 'too_large',
    });
  });
});
