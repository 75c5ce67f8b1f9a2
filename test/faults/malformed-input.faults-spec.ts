import { signTelephonyPayload } from '#switchboard/calls';
import { startTestIssuer, type TestIssuer } from '../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { changes, snapshot } from './support/db-snapshot.js';
import { type Outcome, problemViolation, send } from './support/http.js';
import { type FuzzContext, type MalformedCase, malformedRequests, validRequest } from './support/malformed.js';
import { type OpenApiDocument, type Operation, operationsOf } from './support/openapi.js';
import { assertAlive, startServer, type RunningServer } from './support/server.js';
import { recordScenario, type ScenarioRow } from './support/summary.js';
import { knownIdsOf, seedWorld, type World } from './support/world.js';

const PER_OPERATION = 200;
const CLIENTS = 8;
const SECRET = 'faults-webhook-secret';
const MB = 1024 * 1024;
/** Replay a run with FAULTS_SEED=<n> (printed at the start). */
const SEED = Number(process.env.FAULTS_SEED ?? 20261102);

/** Why an answer to a malformed request breaks the rules, or undefined when it keeps them. */
function violation(op: Operation, o: Outcome): string | undefined {
  if (o.status === 0) return `no answer (${o.error})`;
  if (o.status >= 500) return `${o.status}`;
  if (o.status >= 400) return problemViolation(o) && `${o.status} not problem details: ${problemViolation(o)}`;
  // A read may well ignore what it does not use; a write that accepts a broken request stored it.
  return op.writes ? `accepted with ${o.status}` : undefined;
}

/** Reads whose URL carries a signature the server issues (an export's download link). */
const SIGNED_LINKS = new Set(['GET /v1/exports/{id}/file']);

describe('malformed input on every operation of the OpenAPI document', () => {
  const row: ScenarioRow = { scenario: `malformed input (≥${PER_OPERATION} per operation)`, requests: 0, failures: 0, lostWrites: 0 };
  let issuer: TestIssuer;
  let db: TestDatabase;
  let server: RunningServer;
  let world: World;
  let operations: Operation[];

  beforeAll(async () => {
    issuer = await startTestIssuer();
    db = await createTestDatabase();
    server = await startServer({
      ...issuer.env,
      DATABASE_URL: db.url,
      TELEPHONY_WEBHOOK_SECRET: SECRET,
      HTTP_BODY_LIMIT: '1mb',
      IMPORT_BODY_LIMIT: '5mb',
    });
    world = await seedWorld(server.url, issuer, 'fuzz', 3);
    const doc = (await (await fetch(`${server.url}/docs-json`)).json()) as OpenApiDocument;
    operations = operationsOf(doc);
  });

  afterAll(async () => {
    recordScenario(row);
    await server?.stop();
    await db?.drop();
    await issuer?.close();
  });

  it('refuses every malformed request with a 4xx problem details and changes nothing in the database', async () => {
    console.log(`malformed input: seed ${SEED} (FAULTS_SEED), ${operations.length} operations × ${PER_OPERATION}`);
    expect(operations.length).toBeGreaterThanOrEqual(25);
    const ctx: FuzzContext = {
      ids: knownIdsOf(world),
      token: world.admin,
      sign: (body) => signTelephonyPayload(SECRET, body, Date.now() / 1000),
      bodyLimit: MB,
      importLimit: 5 * MB,
    };
    const before = await snapshot(db.url);
    /** Failures grouped by operation, kind and rule broken: how many, and the first example. */
    const failures = new Map<string, { count: number; example: string }>();
    const kinds = new Map<string, number>();
    const perOperation = new Map<string, number>();

    for (const [index, op] of operations.entries()) {
      const cases = malformedRequests(op, ctx, PER_OPERATION, SEED + index);
      let next = 0;
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          for (let c: MalformedCase | undefined; (c = cases[next++]);) {
            const outcome = await send(server.url, c.spec);
            row.requests += 1;
            perOperation.set(op.key, (perOperation.get(op.key) ?? 0) + 1);
            kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
            const broken = violation(op, outcome);
            if (broken) {
              row.failures += 1;
              const group = `${op.key} [${c.kind}] ${broken.split(':')[0]}`;
              const body =
                typeof c.spec.body === 'string' && c.spec.body.length > 200 ? `${c.spec.body.slice(0, 200)}… (${c.spec.body.length} chars)` : c.spec.body;
              const headers = Object.fromEntries(
                Object.entries(c.spec.headers ?? {}).filter(([k, v]) => !(k === 'authorization' && v === `Bearer ${ctx.token}`)),
              );
              const example = `${c.spec.method} ${c.spec.path.slice(0, 200)} ${JSON.stringify(headers)} ${JSON.stringify(body)} → ${broken} ${outcome.text.slice(0, 300)}`;
              failures.set(group, { count: (failures.get(group)?.count ?? 0) + 1, example: failures.get(group)?.example ?? example });
            }
          }
        }),
      );
    }

    assertAlive(server);
    const after = await snapshot(db.url);
    const changed = changes(before, after);
    console.log(`malformed input: ${row.requests} requests by kind ${JSON.stringify(Object.fromEntries([...kinds].sort()))}`);
    expect([...failures].map(([group, { count, example }]) => `${count}× ${group}\n      e.g. ${example}`)).toEqual([]);
    expect(changed).toEqual([]);
    for (const op of operations) expect([op.key, perOperation.get(op.key)]).toEqual([op.key, PER_OPERATION]);

    // The valid request every case broke one thing of: reads answer 200, nothing answers 5xx.
    // Reads first: a valid DELETE removes the row a later read of the same resource names.
    for (const op of [...operations].sort((a, b) => Number(a.writes) - Number(b.writes))) {
      const outcome = await send(server.url, validRequest(op, ctx));
      // A signed download link is valid only as the server hands it out; one built from the document is refused.
      const ok = SIGNED_LINKS.has(op.key) ? outcome.status >= 400 : op.writes || outcome.status === 200;
      // The answer itself when it is a 5xx, so a failure says what went wrong.
      const serverError = outcome.status >= 500 ? `${outcome.status} ${outcome.text.slice(0, 500)}` : undefined;
      expect([op.key, serverError, ok]).toEqual([op.key, undefined, true]);
    }
    row.passed = true;
  }, 300_000);
});
