import { flatFieldsProblem, MAX_FIELDS } from './flat-fields.validator.js';

describe('flatFieldsProblem', () => {
  it('accepts strings, numbers and booleans', () => {
    expect(flatFieldsProblem({ plan: 'gold', seats: 12, vip: true, 'ref.no': '7' })).toBeNull();
    expect(flatFieldsProblem({})).toBeNull();
  });

  it('rejects nesting, nulls and arrays', () => {
    expect(flatFieldsProblem({ a: { b: 1 } })).toMatch(/no nesting/);
    expect(flatFieldsProblem({ a: [1] })).toMatch(/no nesting/);
    expect(flatFieldsProblem({ a: null })).toMatch(/no nesting/);
    expect(flatFieldsProblem([])).toBe('must be an object');
    expect(flatFieldsProblem('x')).toBe('must be an object');
  });

  it('rejects bad keys, long values and too many keys', () => {
    expect(flatFieldsProblem({ '1st': 'x' })).toMatch(/key "1st"/);
    expect(flatFieldsProblem({ a: 'x'.repeat(1001) })).toMatch(/at most 1000/);
    expect(flatFieldsProblem({ a: Number.NaN })).toMatch(/finite/);
    expect(flatFieldsProblem(Object.fromEntries(Array.from({ length: MAX_FIELDS + 1 }, (_, i) => [`k${i}`, i])))).toMatch(/at most 50 keys/);
  });
});
