import pg from 'pg';
import { startTestIssuer, type TestIssuer } from '../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { describe as describeOutcome, fieldsOf, send, stringField } from './support/http.js';
import { startServer, type RunningServer } from './support/server.js';
import { waitFor } from './support/services.js';
import { recordScenario, type ScenarioRow } from './support/summary.js';
import { phone } from './support/world.js';

const ROWS = 60_000;
const TENANT = 'import-crash';

interface Progress {
  status: string;
  total: number;
  processed: number;
  failed: number;
}

describe('the one-process server SIGKILLed mid-import', () => {
  const row: ScenarioRow = {
    scenario: `one process SIGKILLed mid-import, ${ROWS.toLocaleString('en')} rows, restarted`,
    requests: 0,
    failures: 0,
    lostWrites: 0,
  };
  let issuer: TestIssuer;
  let db: TestDatabase;
  let sql: pg.Client;
  let server: RunningServer | undefined;
  let env: Record<string, string>;
  let token: string;

  const progress = async (id: string): Promise<Progress> => {
    const o = await send(server!.url, { method: 'GET', path: `/v1/contact-imports/${id}`, headers: { authorization: `Bearer ${token}` } });
    row.requests += 1;
    if (o.status !== 200) throw new Error(describeOutcome({ method: 'GET', path: `/v1/contact-imports/${id}` }, o));
    return fieldsOf(o) as unknown as Progress;
  };

  beforeAll(async () => {
    issuer = await startTestIssuer();
    db = await createTestDatabase();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    // The in-process queue (no SQS_ENDPOINT): what it holds dies with the process.
    env = { ...issuer.env, DATABASE_URL: db.url };
    server = await startServer(env);
    token = await issuer.token({ tenant: TENANT, role: 'admin', sub: `${TENANT}|admin` });
  });

  afterAll(async () => {
    recordScenario(row);
    await server?.stop();
    await sql?.end();
    await db?.drop();
    await issuer?.close();
  });

  it('completes the import with the right counts after a restart on the same database', async () => {
    const lines = Array.from({ length: ROWS }, (_, i) => `Crash ${i},${phone(i)}`);
    const accepted = await send(server!.url, {
      method: 'POST',
      path: '/v1/contact-imports',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: `name,phone\n${lines.join('\n')}\n`,
      timeoutMs: 60_000,
    });
    row.requests += 1;
    expect(accepted.status).toBe(202);
    const id = stringField(accepted, 'id');

    // Kill it once some chunks are applied and most are not.
    const before = await waitFor('some rows applied', async () => ((await progress(id)).processed >= 5_000 ? progress(id) : undefined), 60_000, 20);
    const killed = await server!.signal('SIGKILL');
    await server!.stop();
    const atKill = (await sql.query<{ processed: number }>(`SELECT processed FROM contact_imports WHERE id = $1`, [id])).rows[0]!.processed;

    const restartedAt = performance.now();
    server = await startServer(env);
    const done = await waitFor(
      'the import completed',
      async () => {
        const p = await progress(id);
        return p.status === 'completed' || p.status === 'failed' ? p : undefined;
      },
      120_000,
      100,
    );
    const completedMs = Math.round(performance.now() - restartedAt);
    const contacts = (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM contacts WHERE tenant_id = $1 AND deleted_at IS NULL`, [TENANT])).rows[0]!
      .n;
    const chunks = (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM contact_import_chunks WHERE import_id = $1`, [id])).rows[0]!.n;
    const owed = (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM contact_import_outbox WHERE import_id = $1`, [id])).rows[0]!.n;

    row.lostWrites = Math.abs(ROWS - contacts);
    row.failures = (done.status === 'completed' ? 0 : 1) + (done.processed === ROWS && done.failed === 0 ? 0 : 1) + (owed === 0 ? 0 : 1);
    console.log(
      `import of ${ROWS} rows: SIGKILL (${JSON.stringify(killed)}) at ${atKill} rows applied (API said ${before.processed}); ` +
        `restarted, ${done.status} in ${completedMs} ms with processed ${done.processed}, failed ${done.failed}; ${contacts} contacts, ${chunks} chunks applied, ${owed} outbox rows left`,
    );
    expect(killed.signal).toBe('SIGKILL');
    expect(atKill).toBeLessThan(ROWS);
    expect(done).toMatchObject({ status: 'completed', total: ROWS, processed: ROWS, failed: 0 });
    expect(contacts).toBe(ROWS);
    expect(owed).toBe(0);
    row.passed = true;
  }, 240_000);
});
