import { validateImportRow } from './import-row.validator.js';

describe('validateImportRow', () => {
  it('normalises a valid row', () => {
    expect(
      validateImportRow({ name: ' Ada ', phone: '(202) 555-0123', email: 'ada@example.com', tags: ['vip', 'vip', ' emea'], fields: { seats: 3 } }, 'US'),
    ).toEqual({
      contact: {
        name: 'Ada',
        phone: '+12025550123',
        email: 'ada@example.com',
        tags: ['vip', 'emea'],
        fields: { seats: 3 },
        timeZone: null,
        derivedTimeZone: 'America/New_York',
      },
    });
    expect(validateImportRow({ name: 'Bob', phone: '2025550124' }, 'US')).toEqual({
      contact: { name: 'Bob', phone: '+12025550124', email: null, tags: [], fields: {}, timeZone: null, derivedTimeZone: 'America/New_York' },
    });
  });

  it("keeps the row's own time zone, canonical, and refuses one that is not a zone", () => {
    expect(validateImportRow({ name: 'Ada', phone: '+61212345678', timeZone: 'australia/lord_howe' }, 'US')).toMatchObject({
      contact: { timeZone: 'Australia/Lord_Howe', derivedTimeZone: 'Australia/Sydney' },
    });
    expect(validateImportRow({ name: 'Ada', phone: '+61212345678', timeZone: 'Mars/Base' }, 'US')).toMatchObject({ error: { code: 'IS_TIME_ZONE_NAME' } });
  });

  it('reports an invalid phone', () => {
    expect(validateImportRow({ name: 'Ada', phone: '12' }, 'US')).toEqual({ error: { code: 'INVALID_PHONE', message: 'phone is not a valid phone number.' } });
  });

  it("reports the first problem's code and every message", () => {
    const result = validateImportRow({ name: '', phone: '2025550123', email: 'nope' }, 'US');
    expect(result).toEqual({ error: { code: 'IS_NOT_EMPTY', message: expect.stringContaining('email must be an email') } });
  });

  it('rejects unknown fields and nested custom fields', () => {
    expect(validateImportRow({ name: 'Ada', phone: '2025550123', status: 'do_not_call' }, 'US')).toEqual({
      error: { code: 'UNKNOWN_FIELD', message: 'status is not a known field.' },
    });
    expect(validateImportRow({ name: 'Ada', phone: '2025550123', fields: { a: { b: 1 } } }, 'US')).toEqual({
      error: { code: 'IS_FLAT_FIELDS', message: expect.stringContaining('no nesting') },
    });
  });
});
