import { signTelephonyPayload } from '#switchboard/calls';
import pg from 'pg';
import { startTestIssuer, type TestIssuer } from '../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { changes, snapshot } from './support/db-snapshot.js';
import { describe as describeOutcome, fieldsOf, json, problemViolation, type RequestSpec, send, stringField } from './support/http.js';
import { type KnownIds, type OpenApiDocument, type Operation, operationsOf, pathIdFor, validValue } from './support/openapi.js';
import { startServer, type RunningServer } from './support/server.js';
import { waitFor } from './support/services.js';
import { recordScenario, type ScenarioRow } from './support/summary.js';
import { knownIdsOf, phone, seedWorld, type World } from './support/world.js';

const SECRET = 'faults-webhook-secret';

/** Fields only the server sets, with a value an attacker would like stored. */
const SERVER_OWNED: Record<string, unknown> = {
  id: '00000000-0000-4000-8000-000000000001',
  tenantId: 'another-tenant',
  version: 99,
  createdAt: '2020-01-01T00:00:00Z',
  updatedAt: '2020-01-01T00:00:00Z',
  deletedAt: '2020-01-01T00:00:00Z',
  role: 'admin',
  sub: 'someone-else',
  agentId: '00000000-0000-4000-8000-000000000002',
  status: 'completed',
};

describe('mass assignment: a body setting a field the client may not set', () => {
  const row: ScenarioRow = { scenario: 'mass assignment', requests: 0, failures: 0, lostWrites: 0 };
  let issuer: TestIssuer;
  let db: TestDatabase;
  let server: RunningServer;
  let world: World;
  let operations: Operation[];
  let ids: KnownIds;
  let passedTests = 0;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    db = await createTestDatabase();
    server = await startServer({ ...issuer.env, DATABASE_URL: db.url, TELEPHONY_WEBHOOK_SECRET: SECRET });
    world = await seedWorld(server.url, issuer, 'mass', 3);
    ids = knownIdsOf(world);
    const doc = (await (await fetch(`${server.url}/docs-json`)).json()) as OpenApiDocument;
    // Every operation whose body is a JSON object.
    operations = operationsOf(doc).filter((op) => op.body?.contentTypes.includes('application/json') && op.body.schema.properties);
  });

  afterAll(async () => {
    row.passed = passedTests === 2;
    recordScenario(row);
    await server?.stop();
    await db?.drop();
    await issuer?.close();
  });

  /** The operation's valid request from the document, with `extra` merged into its body. */
  function request(op: Operation, extra: Record<string, unknown> = {}): RequestSpec {
    const path = op.path.replace(/\{\w+\}/g, () => encodeURIComponent(pathIdFor(op.path, ids)));
    const body = { ...(validValue(op.body!.schema, '', ids) as object), ...extra };
    if (op.auth === 'signature') {
      const text = JSON.stringify(body);
      return {
        method: op.method,
        path,
        headers: { 'content-type': 'application/json', 'x-switchboard-signature': signTelephonyPayload(SECRET, text, Date.now() / 1000) },
        body: text,
      };
    }
    return json(op.method, path, world.admin, body);
  }

  it('answers 400 naming the field for every operation and server-owned field, and stores nothing', async () => {
    expect(operations.length).toBeGreaterThanOrEqual(9);
    const failures: string[] = [];
    const before = await snapshot(db.url);
    let cases = 0;
    for (const op of operations) {
      const owned = Object.keys(SERVER_OWNED).filter((field) => !(field in (op.body!.schema.properties ?? {})));
      for (const field of owned) {
        const spec = request(op, { [field]: SERVER_OWNED[field] });
        const o = await send(server.url, spec);
        row.requests += 1;
        cases += 1;
        const named = (fieldsOf(o).errors as { field: string; code: string }[] | undefined)?.some((e) => e.field === field && e.code === 'UNKNOWN_FIELD');
        if (o.status !== 400 || problemViolation(o) || !named) {
          row.failures += 1;
          failures.push(`${op.key} +${field}: ${describeOutcome(spec, o)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(changes(before, await snapshot(db.url))).toEqual([]);
    console.log(`mass assignment: ${cases} requests over ${operations.length} operations, each answered 400`);

    // The same requests without the extra field are accepted: the field alone was refused.
    for (const op of operations) {
      const spec = request(op);
      const o = await send(server.url, spec);
      row.requests += 1;
      expect([op.key, o.status >= 200 && o.status < 300 ? 'accepted' : describeOutcome(spec, o)]).toEqual([op.key, 'accepted']);
    }
    passedTests += 1;
  });

  it('keeps import rows that set server-owned fields out, as row errors', async () => {
    const rows = Object.entries(SERVER_OWNED).map(([field, value], i) => ({ name: `Row ${i}`, phone: phone(5000 + i), [field]: value }));
    const started = await send(server.url, json('POST', '/v1/contact-imports', world.admin, { contacts: rows }));
    row.requests += 1;
    expect(started.status).toBe(202);
    const done = await waitFor('the import to complete', async () => {
      const o = await send(server.url, json('GET', `/v1/contact-imports/${stringField(started, 'id')}`, world.agent));
      return fieldsOf(o).status === 'completed' ? o.body : undefined;
    });
    expect(done).toMatchObject({ total: rows.length, failed: rows.length });
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    const stored = await sql.query('SELECT count(*)::int AS n FROM contacts WHERE phone = ANY($1)', [rows.map((r) => r.phone)]);
    await sql.end();
    expect(stored.rows[0].n).toBe(0);
    passedTests += 1;
  });
});
