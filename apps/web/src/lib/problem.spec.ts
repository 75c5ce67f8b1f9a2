import { ApiError, describeProblem, problemOf, toProblem } from './problem.js';

describe('problem details in words', () => {
  it('keeps the server title, detail, code and field errors', () => {
    const p = toProblem(400, 'Bad Request', {
      type: 'https://switchboard.dev/problems/VALIDATION',
      title: 'Validation failed',
      status: 400,
      detail: 'The request has 1 invalid field.',
      code: 'VALIDATION',
      errors: [{ field: 'phone', code: 'phone', message: 'phone must be a valid phone number' }],
    });
    expect(p.code).toBe('VALIDATION');
    expect(p.errors).toEqual([{ field: 'phone', code: 'phone', message: 'phone must be a valid phone number' }]);
    expect(describeProblem(p)).toBe('Validation failed: The request has 1 invalid field.');
  });

  it('falls back to the status line and text when the body is not a problem', () => {
    expect(toProblem(502, 'Bad Gateway', '<html>upstream down</html>')).toEqual({ title: 'Bad Gateway', status: 502, detail: '<html>upstream down</html>' });
    expect(toProblem(500, '', undefined)).toEqual({ title: 'HTTP 500', status: 500, detail: undefined });
  });

  it('does not repeat a detail equal to the title', () => {
    expect(describeProblem({ title: 'Not Found', status: 404, detail: 'Not Found' })).toBe('Not Found');
  });

  it('turns any thrown value into words', () => {
    const api = new ApiError({ title: 'Conflict', status: 409, code: 'CONTACT.PHONE_TAKEN', detail: 'Phone in use' });
    expect(api.message).toBe('Conflict: Phone in use');
    expect(api.status).toBe(409);
    expect(problemOf(api)).toBe(api.problem);
    expect(problemOf(new TypeError('boom'))).toEqual({ title: 'Something went wrong', status: 0, detail: 'boom' });
    expect(problemOf('odd')).toEqual({ title: 'Something went wrong', status: 0, detail: 'odd' });
  });
});
