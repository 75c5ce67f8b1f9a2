import { ALL_PERMISSIONS } from '#switchboard/registry';
import { startTestIssuer, type TestIssuer } from '../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { changes, snapshot } from './support/db-snapshot.js';
import { describe as describeOutcome, fieldsOf, json, type Outcome, problemViolation, type RequestSpec, send } from './support/http.js';
import { type KnownIds, type OpenApiDocument, type Operation, operationsOf, pathIdFor, validValue } from './support/openapi.js';
import { startServer, type RunningServer } from './support/server.js';
import { PrivateRedis } from './support/services.js';
import { recordScenario, type ScenarioRow } from './support/summary.js';
import { knownIdsOf, seedWorld, type World } from './support/world.js';

const PER_SUBJECT = 60; // above the operations one intruder walks through (one request each)
const PER_IP = 300;

describe('abuse on every route: other tenants, missing permissions, no token, over the rate limit', () => {
  const row: ScenarioRow = { scenario: 'abuse on every route (404/403/401/429)', requests: 0, failures: 0, lostWrites: 0 };
  const failures: string[] = [];
  let passedTests = 0;
  let redis: PrivateRedis;
  let issuer: TestIssuer;
  let impostor: TestIssuer;
  let db: TestDatabase;
  let server: RunningServer;
  let victim: World;
  let attacker: World;
  /** Operations that need a bearer token. */
  let operations: Operation[];

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    issuer = await startTestIssuer();
    impostor = await startTestIssuer();
    db = await createTestDatabase();
    server = await startServer({
      ...issuer.env,
      DATABASE_URL: db.url,
      // Rate limits in Redis, shared as between processes; low enough to reach.
      REDIS_URL: redis.url,
      CACHE_KEY_PREFIX: 'faults-abuse',
      RATE_LIMIT_PER_MINUTE: String(PER_SUBJECT),
      RATE_LIMIT_IP_PER_MINUTE: String(PER_IP),
    });
    victim = await seedWorld(server.url, issuer, 'victim', 3, 0);
    attacker = await seedWorld(server.url, issuer, 'attacker', 3, 100);
    const doc = (await (await fetch(`${server.url}/docs-json`)).json()) as OpenApiDocument;
    operations = operationsOf(doc).filter((op) => op.auth === 'bearer');
  });

  afterAll(async () => {
    row.passed = passedTests === 4;
    recordScenario(row);
    await server?.stop();
    await redis?.kill();
    await db?.drop();
    await issuer?.close();
    await impostor?.close();
  });

  beforeEach(() => {
    failures.length = 0;
  });

  const idsOf = knownIdsOf;

  /** The operation's valid request from the document, naming `ids` (path and body), sent with `token`. */
  function request(op: Operation, ids: KnownIds, token: string | undefined): RequestSpec {
    const path = op.path.replace(/\{\w+\}/g, () => encodeURIComponent(pathIdFor(op.path, ids)));
    return json(op.method, path, token, op.body ? validValue(op.body.schema, '', ids) : undefined);
  }

  async function expectStatus(what: string, spec: RequestSpec, status: number, check?: (o: Outcome) => string | undefined): Promise<Outcome> {
    const o = await send(server.url, spec);
    row.requests += 1;
    const wrong = o.status !== status ? `expected ${status}` : (problemViolation(o) ?? check?.(o));
    if (wrong) {
      row.failures += 1;
      failures.push(`${what}: ${wrong}: ${describeOutcome(spec, o)}`);
    }
    return o;
  }

  it("answers 404 to another tenant's ids on every route that takes one, and changes nothing", async () => {
    // Ids in the path, and ids in bodies (a call on the victim's contact), all with the attacker's full powers.
    const victimIds = idsOf(victim);
    // A listed number of the victim's is as absent to the attacker as its ids.
    const withIds = operations.filter((op) => op.path.includes('{id}') || op.path.includes('{phone}') || op.key === 'POST /v1/calls');
    expect(withIds.length).toBeGreaterThanOrEqual(12);
    // A fresh subject of the attacker's tenant with every permission (its own rate-limit budget), provisioned first.
    const intruder = await issuer.token({ tenant: attacker.tenant, role: 'admin', sub: 'attacker|intruder' });
    await expectStatus('GET /v1/me', json('GET', '/v1/me', intruder), 200);
    const before = await snapshot(db.url);
    for (const op of withIds) await expectStatus(`${op.key} with the other tenant's id`, request(op, victimIds, intruder), 404);
    // Lists filtered by another tenant's ids find nothing; adding its contacts to one's own campaign adds none.
    const calls = await expectStatus(
      "GET /v1/calls filtered by the other tenant's contact",
      json('GET', `/v1/calls?contactId=${victim.contactIds[0]}`, intruder),
      200,
    );
    expect(fieldsOf(calls).items).toEqual([]);
    const added = await expectStatus(
      "POST /v1/campaigns/{id}/contacts with the other tenant's contacts",
      json('POST', `/v1/campaigns/${attacker.campaignId}/contacts`, intruder, { contactIds: victim.contactIds }),
      200,
    );
    expect(added.body).toMatchObject({ added: 0, skipped: victim.contactIds.length });
    expect(changes(before, await snapshot(db.url))).toEqual([]);
    expect(failures).toEqual([]);
    passedTests += 1;
  });

  it('answers 403 to a token without the permission, on every route that needs one', async () => {
    const guarded = operations.filter((op) => op.responses.includes(403));
    const open = operations.filter((op) => !op.responses.includes(403));
    expect(guarded.length).toBeGreaterThanOrEqual(20);
    const ids = idsOf(attacker);
    const readOnly = ALL_PERMISSIONS.filter((p) => p.endsWith(':read'));
    for (const [i, op] of guarded.entries()) {
      // A subject of its own per route, so the rate limit stays out of the way.
      const none = await issuer.token({ tenant: attacker.tenant, sub: `attacker|none|${i}`, permissions: [] });
      await expectStatus(`${op.key} without permissions`, request(op, ids, none), 403);
      if (op.writes) {
        const reader = await issuer.token({ tenant: attacker.tenant, sub: `attacker|reader|${i}`, permissions: readOnly });
        await expectStatus(`${op.key} with read permissions only`, request(op, ids, reader), 403);
      }
    }
    // The routes that say they need no permission (the caller's own profile) answer any valid token.
    for (const op of open) {
      const none = await issuer.token({ tenant: attacker.tenant, sub: 'attacker|none|open', permissions: [] });
      const o = await send(server.url, request(op, ids, none));
      row.requests += 1;
      expect([op.key, o.status]).toEqual([op.key, 200]);
    }
    expect(failures).toEqual([]);
    passedTests += 1;
  });

  it('answers 401 with WWW-Authenticate to no token, a forged token and an expired one, on every route', async () => {
    const ids = idsOf(attacker);
    const forged = await impostor.sign(
      {
        iss: issuer.issuer,
        aud: issuer.audience,
        sub: 'attacker|admin',
        org_id: attacker.tenant,
        permissions: ALL_PERMISSIONS,
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 600,
      },
      { kid: issuer.kid },
    );
    const expired = await issuer.token({ tenant: attacker.tenant, role: 'admin', sub: 'attacker|admin', ttlSeconds: -600 });
    const challenged = (o: Outcome) => (/^Bearer/.test(o.headers.get('www-authenticate') ?? '') ? undefined : 'no WWW-Authenticate: Bearer');
    for (const op of operations) {
      for (const [what, token] of [
        ['no token', undefined],
        ['a forged token', forged],
        ['an expired token', expired],
      ] as const) {
        await expectStatus(`${op.key} with ${what}`, request(op, ids, token), 401, challenged);
      }
    }
    expect(failures).toEqual([]);
    passedTests += 1;
  });

  it('answers 429 with Retry-After on every route once a subject, or an unauthenticated IP, is over its limit', async () => {
    const ids = idsOf(attacker);
    const retryAfter = (o: Outcome) => {
      const seconds = Number(o.headers.get('retry-after'));
      return Number.isInteger(seconds) && seconds >= 1 && seconds <= 60 ? undefined : `Retry-After "${o.headers.get('retry-after')}"`;
    };
    // One subject spends its budget, then every route refuses it.
    const greedy = await issuer.token({ tenant: attacker.tenant, role: 'admin', sub: 'attacker|greedy' });
    for (let i = 0; i < PER_SUBJECT; i++) await expectStatus('GET /v1/me within the limit', json('GET', '/v1/me', greedy), 200);
    for (const op of operations) await expectStatus(`${op.key} over the subject's limit`, request(op, ids, greedy), 429, retryAfter);
    // Another subject of the same tenant still has its own budget.
    await expectStatus('GET /v1/me by another subject', json('GET', '/v1/me', await issuer.token({ tenant: attacker.tenant, sub: 'attacker|patient' })), 200);

    // Unauthenticated requests spend their IP's budget (failed authentication included).
    let spent = 0;
    for (; spent <= PER_IP; spent++) {
      const o = await send(server.url, json('GET', '/v1/me', undefined));
      row.requests += 1;
      if (o.status === 429) break;
    }
    expect(spent).toBeLessThanOrEqual(PER_IP);
    for (const op of operations) await expectStatus(`${op.key} without a token, over the IP's limit`, request(op, ids, undefined), 429, retryAfter);
    expect(failures).toEqual([]);
    passedTests += 1;
  });
});
