import { toProblem } from './to-problem.js';

describe('toProblem for a database that cannot be reached', () => {
  it('says in words that the database is unavailable, and nothing of the driver error', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const { body, headers } = toProblem(refused);
    expect(body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', detail: 'The database is unavailable; try again shortly.' });
    expect(headers['Retry-After']).toBe('5');
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });

  it('does the same for a pg error wrapped by TypeORM', () => {
    const wrapped = { message: 'password authentication failed for user "ops_admin"', driverError: { code: '28P01' } };
    const { body } = toProblem(wrapped);
    expect(body).toMatchObject({ status: 503, detail: 'The database is unavailable; try again shortly.' });
    expect(JSON.stringify(body)).not.toMatch(/password|ops_admin/);
  });
});
