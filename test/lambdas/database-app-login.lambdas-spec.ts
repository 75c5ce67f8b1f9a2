import pg from 'pg';
import { startLambdaTopology, type LambdaTopology } from './support/lambda-topology.js';

/**
 * Issue 23 item 3: the functions connect as the app's own database login, which
 * the migrate function (the only holder of the master secret) creates with the
 * privileges the app needs and no more. Every other contract spec runs its
 * scenarios as that login, so a missing privilege fails them too.
 */
describe("the app's database login", () => {
  let topology: LambdaTopology;
  let app: pg.Client;

  beforeAll(async () => {
    topology = await startLambdaTopology();
    const url = new URL(topology.db.url);
    url.username = topology.appLogin;
    url.password = '';
    app = new pg.Client({ connectionString: url.toString() });
    await app.connect();
  });
  afterAll(async () => {
    await app?.end();
    await topology?.close();
  });

  it('is what the functions connect as', async () => {
    const token = await topology.issuer.token({ tenant: 'app-login', role: 'admin' });
    await expect(topology.request('GET', '/v1/me', { token })).resolves.toMatchObject({ status: 200 });
    const { rows } = await topology.sql.query<{ usename: string }>(
      'SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    expect(rows.map((r) => r.usename)).toContain(topology.appLogin);
  });

  it('reads and writes the tables, and is no superuser, no role or database creator', async () => {
    await expect(app.query('SELECT count(*) FROM contacts')).resolves.toBeDefined();
    const { rows } = await topology.sql.query('SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = $1', [
      topology.appLogin,
    ]);
    expect(rows).toEqual([{ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolreplication: false, rolbypassrls: false }]);
  });

  it.each([
    ['create a table', 'CREATE TABLE intruder (id int)'],
    ['drop a table', 'DROP TABLE contacts'],
    ['change a table', 'ALTER TABLE contacts ADD COLUMN intruder int'],
    ['truncate a table', 'TRUNCATE contacts'],
    ['rewrite the migrations', 'DELETE FROM migrations'],
    ['create a role', 'CREATE ROLE intruder'],
  ])('may not %s', async (_what, statement) => {
    await expect(app.query(statement)).rejects.toThrow(/permission denied|must be owner|must be superuser|must have CREATEROLE/);
  });

  it('is set up again, unchanged, by every later migrate run', async () => {
    const migrate = await topology.fn('migrate');
    await expect(migrate.invoke({})).resolves.toMatchObject({ result: { applied: [], appLogin: topology.appLogin } });
    await expect(app.query('SELECT count(*) FROM contacts')).resolves.toBeDefined();
  });
});
