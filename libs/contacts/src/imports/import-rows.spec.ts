import { ValidationError } from '#switchboard/common';
import { readImportBody } from './import-rows.js';

const fieldsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.errors!.map((e) => `${e.field}:${e.code}`);
    throw err;
  }
  throw new Error('expected a ValidationError');
};

describe('readImportBody — CSV', () => {
  it('reads rows numbered from the first data row, with tags split on ";"', () => {
    const csv = '\uFEFFName,Phone,Email,Tags\nAda,+12025550123,ada@example.com,vip; emea\n\n"Lovelace, Ada",2025550124,,\n';
    expect(readImportBody(csv)).toEqual([
      { row: 1, data: { name: 'Ada', phone: '+12025550123', email: 'ada@example.com', tags: ['vip', 'emea'] } },
      { row: 2, data: { name: 'Lovelace, Ada', phone: '2025550124' } },
    ]);
  });

  it('takes the columns in any order and only name and phone', () => {
    expect(readImportBody('phone,name\n2025550123,Ada\n')).toEqual([{ row: 1, data: { phone: '2025550123', name: 'Ada' } }]);
  });

  it('marks a row with the wrong number of cells as a row error', () => {
    expect(readImportBody('name,phone\nAda\nBob,2025550123\n')).toEqual([
      { row: 1, error: { code: 'INVALID_ROW', message: 'The row has 1 columns; the header has 2.' } },
      { row: 2, data: { name: 'Bob', phone: '2025550123' } },
    ]);
  });

  it('rejects unknown, duplicate and missing columns', () => {
    expect(fieldsOf(() => readImportBody('name,mobile,name\nA,1,A\n'))).toEqual([
      'header.mobile:UNKNOWN_COLUMN',
      'header.name:DUPLICATE_COLUMN',
      'header.phone:MISSING_COLUMN',
    ]);
  });

  it('rejects an unreadable CSV and one without rows', () => {
    expect(fieldsOf(() => readImportBody('name,phone\n"Ada,1\n'))).toEqual(['body:MALFORMED_CSV']);
    expect(fieldsOf(() => readImportBody('name,phone\n'))).toEqual(['contacts:EMPTY_IMPORT']);
    expect(fieldsOf(() => readImportBody(''))).toEqual(['contacts:EMPTY_IMPORT']);
  });
});

describe('readImportBody — JSON', () => {
  it('reads each object as a row and marks anything else as a row error', () => {
    expect(readImportBody({ contacts: [{ name: 'Ada', phone: '1' }, 7, null] })).toEqual([
      { row: 1, data: { name: 'Ada', phone: '1' } },
      { row: 2, error: { code: 'INVALID_ROW', message: 'The row must be an object.' } },
      { row: 3, error: { code: 'INVALID_ROW', message: 'The row must be an object.' } },
    ]);
  });

  it('rejects a body without a contacts array, with other fields, or empty', () => {
    expect(fieldsOf(() => readImportBody({}))).toEqual(['contacts:IS_ARRAY']);
    expect(fieldsOf(() => readImportBody({ contacts: {} }))).toEqual(['contacts:IS_ARRAY']);
    expect(fieldsOf(() => readImportBody({ contacts: [], dryRun: true }))).toEqual(['dryRun:UNKNOWN_FIELD']);
    expect(fieldsOf(() => readImportBody({ contacts: [] }))).toEqual(['contacts:EMPTY_IMPORT']);
    expect(fieldsOf(() => readImportBody([{ name: 'a' }]))).toEqual(['body:IS_OBJECT']);
    expect(fieldsOf(() => readImportBody(undefined))).toEqual(['body:IS_OBJECT']);
  });

  it('answers 413 beyond the row cap', () => {
    expect(() => readImportBody({ contacts: Array.from({ length: 100_001 }, () => ({})) })).toThrow(
      expect.objectContaining({ code: 'CONTACT_IMPORT.TOO_MANY_ROWS', kind: 'too_large' }),
    );
  });
});
