import type { FieldError } from './domain-error.js';
import { MAX_FIELD_ERRORS, problem } from './problem.js';

const fieldErrors = (n: number): FieldError[] =>
  Array.from({ length: n }, (_, i) => ({ field: `k${i}`, code: 'UNKNOWN_FIELD', message: `k${i} is not a known field.` }));

describe('problem', () => {
  it('lists every field error up to the cap, without `truncated`', () => {
    const body = problem(400, 'The request is not valid.', 'VALIDATION', fieldErrors(MAX_FIELD_ERRORS));
    expect(body.errors).toHaveLength(MAX_FIELD_ERRORS);
    expect(body).not.toHaveProperty('truncated');
    expect(problem(404, 'Not found.')).not.toHaveProperty('errors');
  });

  it(`keeps the first ${MAX_FIELD_ERRORS} field errors of many and says it truncated them`, () => {
    const body = problem(400, 'The request is not valid.', 'VALIDATION', fieldErrors(100_000));
    expect(body.errors).toEqual(fieldErrors(MAX_FIELD_ERRORS));
    expect(body.truncated).toBe(true);
    expect(JSON.stringify(body).length).toBeLessThan(3000);
  });
});
