import { escapeLike, normaliseTags } from './contacts.sql.js';

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
