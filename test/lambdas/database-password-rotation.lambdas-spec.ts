import pg from 'pg';
import { PrivatePostgres } from '../support/private-postgres.js';
import type { LambdaProcess } from './support/lambda-process.js';
import { startLambdaTopology, type LambdaTopology } from './support/lambda-topology.js';
import { newTenant } from './support/topology.js';

interface HttpResult {
  statusCode: number;
  body: string;
}

/**
 * Secrets Manager rotates the database user's password (single-user rotation:
 * same user, new password) while containers keep running. A function started
 * before the rotation must open its next connection with the new password,
 * without a redeploy. Postgres here asks for passwords (SCRAM), unlike the
 * machine's trust-auth server that the rest of the suite uses.
 */
describe('database password rotated under a warm function', () => {
  let topology: LambdaTopology;
  let postgres: PrivatePostgres;
  let admin: pg.Client;
  let calls: LambdaProcess;
  let secretArn: string;

  beforeAll(async () => {
    [topology, postgres] = await Promise.all([startLambdaTopology(), PrivatePostgres.start()]);
    await postgres.requirePasswords();
    admin = new pg.Client({ connectionString: postgres.url() });
    await admin.connect();
    await admin.query(`CREATE ROLE app LOGIN PASSWORD 'first-password'`);
    await admin.query('CREATE DATABASE rotation OWNER app');
    secretArn = topology.aws.putSecret('switchboard/rotating-db', JSON.stringify({ username: 'app', password: 'first-password' }));
    const env = { DATABASE_URL: `postgres://127.0.0.1:${postgres.port}/rotation`, DATABASE_SECRET_ARN: secretArn };
    // Single-user rotation: the rotating login owns its database and migrates it itself (no separate app login).
    const migrate = await topology.spawn('migrate', { env: { ...env, DATABASE_APP_SECRET_ARN: '' } });
    await migrate.invoke({});
    calls = await topology.spawn('calls', { env });
  });
  afterAll(async () => {
    await admin?.end();
    await topology?.close();
    await postgres?.destroy();
  });

  it('serves again after the rotation, from the same container', async () => {
    const token = await topology.token({ tenant: newTenant('rotation'), role: 'supervisor' });
    // Listing calls queries the database on every request.
    const listCalls = async () => (await calls.invoke<HttpResult>(topology.httpEvent('GET', '/v1/calls', { token })!.event)).result;
    expect((await listCalls()).statusCode).toBe(200);

    // The rotation: the new password on the user and in the secret; the old sessions end.
    await admin.query(`ALTER ROLE app PASSWORD 'second-password'`);
    topology.aws.rotateSecret(secretArn, JSON.stringify({ username: 'app', password: 'second-password' }));
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'app'`);

    // A request may meet a cut session or the cached old password (503, retryable), then it serves. At
    // worst each of the pool's idle connections (DATABASE_POOL_SIZE, 2 in a function) was cut and still
    // looked idle, and one more attempt used the cached old password: three 503s, then 200.
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5 && statuses.at(-1) !== 200; attempt++) statuses.push((await listCalls()).statusCode);
    expect(statuses.at(-1)).toBe(200);
    expect(statuses.slice(0, -1).every((status) => status === 503)).toBe(true);
    expect(statuses.length).toBeLessThanOrEqual(4);

    const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = 'app'`);
    expect(rows[0]!.n).toBeGreaterThan(0); // connected with the new password
    expect(calls.output()).not.toMatch(/Could not read the database secret/);
  });
});
