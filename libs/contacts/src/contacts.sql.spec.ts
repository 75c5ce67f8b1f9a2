import { PhoneTakenError } from './contacts.errors.js';
import { escapeLike, LIVE_PHONE_INDEX, normaliseTags, phoneUnique } from './contacts.sql.js';

describe('escapeLike', () => {
  it('makes LIKE wildcards and the escape character literal', () => {
    expect(escapeLike('50%_off\\now')).toBe('50\\%\\_off\\\\now');
    expect(escapeLike('ada')).toBe('ada');
  });
});

describe('normaliseTags', () => {
  it('trims and keeps each tag once, first occurrence first', () => {
    expect(normaliseTags([' vip', 'emea', 'vip ', 'amer'])).toEqual(['vip', 'emea', 'amer']);
  });
});

describe('phoneUnique', () => {
  const pgError = (code: string, constraint: string) => Object.assign(new Error('duplicate key'), { code, constraint });

  it('turns a violation of the live-phone index into PhoneTakenError', async () => {
    await expect(phoneUnique(() => Promise.reject(pgError('23505', LIVE_PHONE_INDEX)))).rejects.toThrow(PhoneTakenError);
  });

  it('lets any other error through unchanged', async () => {
    const other = pgError('23505', 'contacts_pkey');
    await expect(phoneUnique(() => Promise.reject(other))).rejects.toBe(other);
    await expect(phoneUnique(() => Promise.resolve(7))).resolves.toBe(7);
  });
});
