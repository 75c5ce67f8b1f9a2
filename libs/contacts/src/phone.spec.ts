import { phoneSearchPrefixes, toE164 } from './phone.js';

describe('toE164', () => {
  it('normalises national and international spellings', () => {
    expect(toE164('(202) 555-0123', 'US')).toBe('+12025550123');
    expect(toE164('202.555.0123', 'US')).toBe('+12025550123');
    expect(toE164('+44 20 7946 0958', 'US')).toBe('+442079460958');
    expect(toE164('020 7946 0958', 'GB')).toBe('+442079460958');
  });

  it('rejects what is not a number', () => {
    expect(toE164('12345', 'US')).toBeNull();
    expect(toE164('call me', 'US')).toBeNull();
    expect(toE164('', 'US')).toBeNull();
    expect(toE164('+1'.padEnd(60, '2'), 'US')).toBeNull();
  });
});

describe('phoneSearchPrefixes', () => {
  it('keeps an international prefix as typed', () => {
    expect(phoneSearchPrefixes('+1 202', 'US')).toEqual(['+1202']);
  });

  it('adds the default region to a national prefix, dropping a trunk 0', () => {
    expect(phoneSearchPrefixes('202-555', 'US')).toEqual(['+202555', '+1202555']);
    expect(phoneSearchPrefixes('0207', 'GB')).toEqual(['+0207', '+44207']);
  });

  it('is empty for text that is not phone-like', () => {
    expect(phoneSearchPrefixes('ada', 'US')).toEqual([]);
    expect(phoneSearchPrefixes('ada@example.com', 'US')).toEqual([]);
  });
});
