import { ValidationError } from '../errors/domain-error.js';
import { assertSafeInput, assertSafeJson, MAX_BULK_INPUT_ITEMS, MAX_INPUT_DEPTH, MAX_INPUT_ITEMS, MAX_INPUT_KEYS } from './input-guard.js';

const fieldErrors = (body: unknown, maxItems = MAX_INPUT_ITEMS) => {
  try {
    assertSafeInput(body, { maxItems });
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).errors!.map((e) => `${e.field} ${e.code}`);
  }
};

describe('assertSafeInput', () => {
  it('lets ordinary bodies through', () => {
    expect(fieldErrors({ name: 'Ada', tags: ['vip'], fields: { plan: 'gold', seats: 2 }, window: { start: '09:00' } })).toEqual([]);
    expect(fieldErrors({ contacts: [{ name: 'Ada', tags: ['a', 'b'] }] })).toEqual([]);
    expect(fieldErrors('name,phone\nAda,+12025550123')).toEqual([]);
    expect(fieldErrors(undefined)).toEqual([]);
  });

  it('refuses prototype and inherited-member keys wherever they are, as unknown fields', () => {
    expect(fieldErrors(JSON.parse('{"name":"Ada","__proto__":{"isAdmin":true}}'))).toEqual(['__proto__ UNKNOWN_FIELD']);
    expect(fieldErrors({ window: { start: '09:00', prototype: {} } })).toEqual(['window.prototype UNKNOWN_FIELD']);
    expect(fieldErrors(JSON.parse('{"fields":{"constructor":{"prototype":1}}}'))).toEqual(['fields.constructor UNKNOWN_FIELD']);
    expect(fieldErrors({ presence: 'busy', valueOf: 1, fields: { toString: 'x', hasOwnProperty: true } }).sort()).toEqual([
      'fields.hasOwnProperty UNKNOWN_FIELD',
      'fields.toString UNKNOWN_FIELD',
      'valueOf UNKNOWN_FIELD',
    ]);
  });

  it('refuses U+0000 in strings and keys (Postgres cannot store it)', () => {
    expect(fieldErrors({ name: 'A\u0000da' })).toEqual(['name INVALID_CHARACTER']);
    expect(fieldErrors({ contacts: [{ name: 'ok' }, { name: 'x\u0000' }] })).toEqual(['contacts[1].name INVALID_CHARACTER']);
    expect(fieldErrors({ fields: { 'a\u0000': 1 } })).toEqual(['fields INVALID_CHARACTER']);
    expect(fieldErrors('name,phone\nA\u0000,1')).toEqual(['body INVALID_CHARACTER']);
  });

  it(`refuses nesting past ${MAX_INPUT_DEPTH} levels, however deep, without recursing`, () => {
    const deep = (levels: number) => JSON.parse('['.repeat(levels) + ']'.repeat(levels));
    expect(fieldErrors(deep(MAX_INPUT_DEPTH))).toEqual([]);
    expect(fieldErrors(deep(MAX_INPUT_DEPTH + 1))).toHaveLength(1);
    expect(fieldErrors(deep(100_000))[0]).toMatch(/ TOO_DEEP$/);
  });

  it(`refuses objects wider than ${MAX_INPUT_KEYS} keys, at any depth, however wide`, () => {
    const wide = (keys: number) => Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, 1]));
    expect(fieldErrors(wide(MAX_INPUT_KEYS))).toEqual([]);
    expect(fieldErrors(wide(MAX_INPUT_KEYS + 1))).toEqual(['body TOO_MANY_KEYS']);
    expect(fieldErrors({ name: 'Ada', fields: wide(MAX_INPUT_KEYS + 1) })).toEqual(['fields TOO_MANY_KEYS']);
    // ~950 KB of distinct keys, as the attack sent.
    const body = JSON.parse(`{${Array.from({ length: 100_000 }, (_, i) => `"k${i}":1`).join(',')}}`);
    // How long it takes is the fault suite's figure (wide-bodies): no clock in a unit test.
    expect(fieldErrors(body)).toEqual(['body TOO_MANY_KEYS']);
  });

  it(`refuses arrays longer than the route's limit (${MAX_INPUT_ITEMS}, bulk routes ${MAX_BULK_INPUT_ITEMS})`, () => {
    const ids = (n: number) => ({ contactIds: Array.from({ length: n }, () => 'x') });
    expect(fieldErrors(ids(MAX_INPUT_ITEMS))).toEqual([]);
    expect(fieldErrors(ids(MAX_INPUT_ITEMS + 1))).toEqual(['contactIds TOO_MANY_ITEMS']);
    expect(fieldErrors(Array.from({ length: MAX_INPUT_ITEMS + 1 }, () => 1))).toEqual(['body TOO_MANY_ITEMS']);
    // An import of 50,000 contacts passes on a bulk route.
    const rows = { contacts: Array.from({ length: 50_000 }, (_, i) => ({ name: `C${i}`, phone: '+12025550123', tags: ['a'] })) };
    expect(fieldErrors(rows, MAX_BULK_INPUT_ITEMS)).toEqual([]);
    expect(fieldErrors(rows)).toEqual(['contacts TOO_MANY_ITEMS']);
    expect(fieldErrors({ contacts: Array.from({ length: MAX_BULK_INPUT_ITEMS + 1 }, () => ({})) }, MAX_BULK_INPUT_ITEMS)).toEqual(['contacts TOO_MANY_ITEMS']);
  });
});

describe('assertSafeJson (the raw bytes, before parsing)', () => {
  const codes = (json: string, maxItems = MAX_INPUT_ITEMS) => {
    try {
      assertSafeJson(Buffer.from(json), { maxItems });
      return [];
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      return (err as ValidationError).errors!.map((e) => `${e.field} ${e.code}`);
    }
  };
  const keys = (n: number) => `{${Array.from({ length: n }, (_, i) => `"k${i}":1`).join(',')}}`;
  const items = (n: number) => `[${new Array<string>(n).fill('1').join(',')}]`;

  it('agrees with assertSafeInput on width, length and depth', () => {
    expect(codes(keys(MAX_INPUT_KEYS))).toEqual([]);
    expect(codes(keys(MAX_INPUT_KEYS + 1))).toEqual(['body TOO_MANY_KEYS']);
    expect(codes(`{"a":{"b":${keys(MAX_INPUT_KEYS + 1)}}}`)).toEqual(['body TOO_MANY_KEYS']);
    expect(codes(`{"ids":${items(MAX_INPUT_ITEMS)}}`)).toEqual([]);
    expect(codes(`{"ids":${items(MAX_INPUT_ITEMS + 1)}}`)).toEqual(['body TOO_MANY_ITEMS']);
    expect(codes(`{"ids":${items(MAX_INPUT_ITEMS + 1)}}`, MAX_BULK_INPUT_ITEMS)).toEqual([]);
    expect(codes('['.repeat(MAX_INPUT_DEPTH) + ']'.repeat(MAX_INPUT_DEPTH))).toEqual([]);
    expect(codes('['.repeat(MAX_INPUT_DEPTH + 1) + ']'.repeat(MAX_INPUT_DEPTH + 1))).toEqual(['body TOO_DEEP']);
  });

  it('does not count commas, brackets or escaped quotes inside strings, nor multi-byte characters', () => {
    // An escaped backslash, then an escaped quote: `\\` and `\"` inside the string.
    const text = `"a,b,c,{[\\\\\\",]},é,😀,${','.repeat(5000)}"`;
    expect(JSON.parse(text)).toContain('\\",]}');
    expect(codes(`{"name":${text},"tags":[${Array.from({ length: 50 }, () => text).join(',')}]}`)).toEqual([]);
    expect(codes(`{"name":${text},${keys(MAX_INPUT_KEYS + 1).slice(1)}`)).toEqual(['body TOO_MANY_KEYS']);
  });

  it('refuses 950 KB of distinct keys from the raw bytes', () => {
    const body = Buffer.from(keys(90_000));
    expect(() => assertSafeJson(body)).toThrow(ValidationError);
  });
});
