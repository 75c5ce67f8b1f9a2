import { AgentsModule, AgentsService } from '#switchboard/agents';
import { startTestIssuer, type TestIssuer, type TestTokenOptions } from '../../support/auth.js';
import { startFeatureApp, type TestApp } from '../../support/test-app.js';

interface AgentBody {
  id: string;
  sub: string;
  name: string | null;
  email: string | null;
  role: string;
  state: string;
  breakReason: string | null;
  version: number;
}

describe('agents', () => {
  let issuer: TestIssuer;
  let t: TestApp;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    t = await startFeatureApp([AgentsModule], { env: issuer.env });
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  async function call(path: string, who: TestTokenOptions, init: RequestInit = {}): Promise<Response> {
    const token = await issuer.token(who);
    return fetch(`${t.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
  }
  const me = async (who: TestTokenOptions) => (await (await call('/v1/me', who)).json()) as AgentBody;

  const acmeAdmin: TestTokenOptions = { tenant: 'acme', role: 'admin', sub: 'acme-admin' };
  const globexAdmin: TestTokenOptions = { tenant: 'globex', role: 'admin', sub: 'globex-admin' };

  describe('GET /v1/me and provisioning', () => {
    it('provisions the agent on the first request with sub, name, email and the role label', async () => {
      const res = await call('/v1/me', { tenant: 'acme', role: 'supervisor', sub: 'auth0|ada', name: 'Ada Lovelace', email: 'ada@acme.test' });
      expect(res.status).toBe(200);
      const body = (await res.json()) as AgentBody;
      expect(body).toMatchObject({
        sub: 'auth0|ada',
        name: 'Ada Lovelace',
        email: 'ada@acme.test',
        role: 'supervisor',
        state: 'available',
        breakReason: null,
        version: 1,
      });
      expect(res.headers.get('etag')).toBe('W/"1"');
    });

    it('provisions on any authenticated request, even one answered 403, and sets the role to agent without a roles claim', async () => {
      const token = await issuer.sign({
        iss: issuer.issuer,
        aud: issuer.audience,
        sub: 'auth0|no-roles',
        org_id: 'acme',
        exp: Math.floor(Date.now() / 1000) + 60,
      });
      const forbidden = await fetch(`${t.url}/v1/agents`, { headers: { authorization: `Bearer ${token}` } });
      expect(forbidden.status).toBe(403);
      await expect(t.app.get(AgentsService).findIdBySub('acme', 'auth0|no-roles')).resolves.toEqual(expect.any(String));
      const res = await fetch(`${t.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      await expect(res.json()).resolves.toMatchObject({ role: 'agent', name: null, email: null });
    });

    it('updates the role label at each sign-in; the version moves only when something changed', async () => {
      const who = { tenant: 'acme', sub: 'auth0|promoted' };
      const first = await me({ ...who, role: 'agent' });
      expect((await me({ ...who, role: 'agent' })).version).toBe(first.version);
      const promoted = await me({ ...who, role: 'admin' });
      expect(promoted).toMatchObject({ id: first.id, role: 'admin', version: first.version + 1 });
    });

    it("keeps a name set through the API over the token's, and takes a new email from the token", async () => {
      const who = { tenant: 'acme', role: 'agent' as const, sub: 'auth0|renamed', name: 'Token Name', email: 'old@acme.test' };
      const agent = await me(who);
      const patched = await call(`/v1/agents/${agent.id}`, acmeAdmin, { method: 'PATCH', body: JSON.stringify({ name: 'Chosen Name' }) });
      expect(patched.status).toBe(200);
      const after = await me({ ...who, email: 'new@acme.test' });
      expect(after).toMatchObject({ name: 'Chosen Name', email: 'new@acme.test' });
    });

    it('the same subject in two tenants is two agents', async () => {
      const a = await me({ tenant: 'acme', sub: 'auth0|twin' });
      const b = await me({ tenant: 'globex', sub: 'auth0|twin' });
      expect(a.id).not.toBe(b.id);
    });

    it('concurrent first requests, through two server instances, make one agent', async () => {
      const second = await startFeatureApp([AgentsModule], { env: issuer.env, db: t.db });
      try {
        const token = await issuer.token({ tenant: 'acme', role: 'agent', sub: 'auth0|stampede', name: 'Stampede' });
        const responses = await Promise.all(
          Array.from({ length: 24 }, (_, i) => fetch(`${(i % 2 ? second : t).url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })),
        );
        expect(responses.map((r) => r.status)).toEqual(Array(24).fill(200));
        const ids = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as AgentBody).id)));
        expect(ids.size).toBe(1);
        const { Client } = (await import('pg')).default;
        const db = new Client({ connectionString: t.db.url });
        await db.connect();
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM agents WHERE tenant_id = 'acme' AND sub = 'auth0|stampede'`);
        await db.end();
        expect(rows[0].n).toBe(1);
      } finally {
        await second.close();
      }
    });
  });

  describe('PUT /v1/me/state', () => {
    it("sets the caller's state and answers 200 with the agent and its new ETag", async () => {
      const who = { tenant: 'acme', role: 'agent' as const, sub: 'auth0|state' };
      const before = await me(who);
      const res = await call('/v1/me/state', who, { method: 'PUT', body: JSON.stringify({ state: 'break', reason: 'lunch' }) });
      expect(res.status).toBe(200);
      await expect(res.json()).resolves.toMatchObject({ id: before.id, state: 'break', breakReason: 'lunch', version: before.version + 1 });
      expect(res.headers.get('etag')).toBe(`W/"${before.version + 1}"`);
      expect(await me(who)).toMatchObject({ state: 'break', breakReason: 'lunch' });
      const back = await call('/v1/me/state', who, { method: 'PUT', body: JSON.stringify({ state: 'available' }) });
      await expect(back.json()).resolves.toMatchObject({ state: 'available', breakReason: null });
    });

    it('400 for a state the system sets, an unknown one, a break without a known reason, a reason without a break, or an unknown field', async () => {
      const who = { tenant: 'acme', sub: 'auth0|state' };
      const bodies = [
        { state: 'reserved' },
        { state: 'wrap_up' },
        { state: 'asleep' },
        {},
        { state: 'break' },
        { state: 'break', reason: 'nap' },
        { state: 'offline', reason: 'lunch' },
        { state: 'available', role: 'admin' },
      ];
      for (const body of bodies) {
        const res = await call('/v1/me/state', who, { method: 'PUT', body: JSON.stringify(body) });
        expect([body, res.status]).toEqual([body, 400]);
      }
    });
  });

  describe('GET /v1/agents/:id', () => {
    it("returns an agent of the caller's tenant with its ETag", async () => {
      const ada = await me({ tenant: 'acme', sub: 'auth0|ada' });
      const res = await call(`/v1/agents/${ada.id}`, acmeAdmin);
      expect(res.status).toBe(200);
      await expect(res.json()).resolves.toMatchObject({ id: ada.id, sub: 'auth0|ada' });
      expect(res.headers.get('etag')).toBe(`W/"${ada.version}"`);
    });

    it("404 for another tenant's agent, exactly as for a missing one", async () => {
      const ada = await me({ tenant: 'acme', sub: 'auth0|ada' });
      const cross = await call(`/v1/agents/${ada.id}`, globexAdmin);
      expect(cross.status).toBe(404);
      const missing = await call('/v1/agents/00000000-0000-4000-8000-000000000000', globexAdmin);
      expect(missing.status).toBe(404);
      const [a, b] = (await Promise.all([cross.json(), missing.json()])) as Record<string, unknown>[];
      expect({ ...a, instance: undefined, requestId: undefined }).toEqual({ ...b, instance: undefined, requestId: undefined });
      expect(a!.code).toBe('AGENT.NOT_FOUND');
    });

    it('400 for a malformed id; 403 without agents:read', async () => {
      expect((await call('/v1/agents/not-a-uuid', acmeAdmin)).status).toBe(400);
      const ada = await me({ tenant: 'acme', sub: 'auth0|ada' });
      expect((await call(`/v1/agents/${ada.id}`, { tenant: 'acme', role: 'agent' })).status).toBe(403);
    });
  });

  describe('GET /v1/agents', () => {
    it("pages through the tenant's agents newest first with a keyset cursor, and never shows another tenant's", async () => {
      for (let i = 0; i < 5; i++) await me({ tenant: 'paging', sub: `auth0|p${i}` });
      await me({ tenant: 'paging-other', sub: 'auth0|outsider' });
      const admin = { tenant: 'paging', role: 'admin' as const, sub: 'auth0|p0' };
      const seen: AgentBody[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await call(`/v1/agents?limit=2${cursor ? `&cursor=${cursor}` : ''}`, admin);
        expect(res.status).toBe(200);
        const page = (await res.json()) as { items: AgentBody[]; nextCursor: string | null };
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen.map((a) => a.sub)).toEqual(['auth0|p4', 'auth0|p3', 'auth0|p2', 'auth0|p1', 'auth0|p0']);
    });

    it('filters by state', async () => {
      const res = await call('/v1/agents?state=available', acmeAdmin);
      const page = (await res.json()) as { items: AgentBody[] };
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.every((a) => a.state === 'available')).toBe(true);
    });

    it('400 for a bad limit, cursor or filter; 403 without agents:read', async () => {
      for (const q of ['limit=0', 'limit=201', 'limit=abc', 'cursor=%%%', 'cursor=bm9wZQ', 'state=asleep', 'presence=available', 'sort=name']) {
        expect([q, (await call(`/v1/agents?${q}`, acmeAdmin)).status]).toEqual([q, 400]);
      }
      expect((await call('/v1/agents', { tenant: 'acme', role: 'agent' })).status).toBe(403);
    });
  });

  describe('PATCH /v1/agents/:id', () => {
    it('changes the name; If-Match with the current version succeeds, a stale one is 412', async () => {
      const target = await me({ tenant: 'acme', sub: 'auth0|patched' });
      const patch = (body: unknown, ifMatch?: string) =>
        call(`/v1/agents/${target.id}`, acmeAdmin, { method: 'PATCH', body: JSON.stringify(body), headers: ifMatch ? { 'if-match': ifMatch } : {} });

      const ok = await patch({ name: 'Grace' }, `W/"${target.version}"`);
      expect(ok.status).toBe(200);
      await expect(ok.json()).resolves.toMatchObject({ name: 'Grace', version: target.version + 1 });
      expect(ok.headers.get('etag')).toBe(`W/"${target.version + 1}"`);

      const stale = await patch({ name: 'Lost update' }, `W/"${target.version}"`);
      expect(stale.status).toBe(412);
      await expect(stale.json()).resolves.toMatchObject({ code: 'PRECONDITION_FAILED' });

      const unconditional = await patch({ name: 'Grace Hopper' });
      expect(unconditional.status).toBe(200);
      await expect(unconditional.json()).resolves.toMatchObject({ name: 'Grace Hopper', version: target.version + 2 });

      const emptyStale = await patch({}, `W/"${target.version}"`);
      expect(emptyStale.status).toBe(412);
      expect((await patch({}, '"not-a-version"')).status).toBe(400);
    });

    it("400 for invalid fields; 403 without agents:write; 404 for another tenant's agent", async () => {
      const target = await me({ tenant: 'acme', sub: 'auth0|patched' });
      const patch = (who: TestTokenOptions, body: unknown) => call(`/v1/agents/${target.id}`, who, { method: 'PATCH', body: JSON.stringify(body) });
      for (const body of [{ name: '' }, { name: 7 }, { name: null }, { state: 'offline' }, { role: 'admin' }, { sub: 'x' }]) {
        expect((await patch(acmeAdmin, body)).status).toBe(400);
      }
      expect((await patch({ tenant: 'acme', role: 'supervisor' }, { name: 'X' })).status).toBe(403);
      expect((await patch(globexAdmin, { name: 'Hijack' })).status).toBe(404);
      expect((await me({ tenant: 'acme', sub: 'auth0|patched' })).name).toBe('Grace Hopper');
    });
  });

  describe('AgentsService.findIdBySub', () => {
    it("finds the tenant's agent by subject; null for an unknown subject or another tenant's", async () => {
      const ada = await me({ tenant: 'acme', sub: 'auth0|ada' });
      const service = t.app.get(AgentsService);
      await expect(service.findIdBySub('acme', 'auth0|ada')).resolves.toBe(ada.id);
      await expect(service.findIdBySub('acme', 'auth0|nobody')).resolves.toBeNull();
      await expect(service.findIdBySub('globex', 'auth0|ada')).resolves.toBeNull();
    });
  });
});
