import { randomUUID } from 'node:crypto';
import { FixedClock } from '#switchboard/common';
import { TelephonyModule, signTelephonyPayload, type SigningKeyDto } from '#switchboard/calls';
import { type CallsHarness, createSigningKey, drained, newTenant, postEvent, startCallsHarness } from '../calls/calls-harness.js';

/**
 * Issue 21, item 4: each tenant signs its webhooks with its own keys, managed by
 * an admin API (created, two valid during a rotation, revoked); the header names
 * the key, and a key of tenant A never writes into tenant B.
 */
describe('webhook signing keys per tenant', () => {
  let h: CallsHarness;
  const clock = new FixedClock(new Date());
  const now = () => Math.floor(clock.now().getTime() / 1000);
  const tenantA = newTenant('sig-a');
  const tenantB = newTenant('sig-b');
  let adminA: string;
  let adminB: string;

  const event = (tenantId: string, overrides: Record<string, unknown> = {}) => ({
    eventId: randomUUID(),
    type: 'call.ended',
    tenantId,
    callId: `CA-${randomUUID()}`,
    occurredAt: '2026-11-02T09:00:00Z',
    contactPhone: '+12025550999',
    disposition: 'sale',
    ...overrides,
  });
  const signedWith = (key: { id: string; secret: string }, body: unknown) => postEvent(h.t, body, { secrets: [key.secret], kids: [key.id], timestamp: now() });
  const countIn = async (table: 'calls' | 'call_events', tenantId: string) =>
    (await h.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [tenantId])).rows[0]!.n;

  beforeAll(async () => {
    h = await startCallsHarness({ modules: [TelephonyModule], clock });
    adminA = await h.token({ tenant: tenantA, role: 'admin', sub: 'auth0|admin-a' });
    adminB = await h.token({ tenant: tenantB, role: 'admin', sub: 'auth0|admin-b' });
  });
  afterAll(() => h?.close());

  describe('admin API', () => {
    it('creates a key: 201 with Location and the secret, shown once, stored sealed', async () => {
      const res = await h.api<{ id: string; secret: string; createdAt: string }>('POST', '/v1/telephony/signing-keys', adminA);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.stringMatching(/^whk_/), secret: expect.stringMatching(/^whsec_/), createdAt: expect.any(String) });
      expect(res.headers.get('location')).toBe(`/v1/telephony/signing-keys/${res.body.id}`);

      const listed = await h.api<{ items: SigningKeyDto[] }>('GET', '/v1/telephony/signing-keys', adminA);
      expect(listed.body.items).toContainEqual({ id: res.body.id, createdAt: res.body.createdAt });
      expect(JSON.stringify(listed.body)).not.toContain(res.body.secret);

      const { rows } = await h.sql.query('SELECT tenant_id, sealed_secret FROM telephony_signing_keys WHERE id = $1', [res.body.id]);
      expect(rows[0].tenant_id).toBe(tenantA);
      expect(rows[0].sealed_secret).toMatch(/^v1\./);
      expect(rows[0].sealed_secret).not.toContain(res.body.secret.slice(6));
      await h.api('DELETE', `/v1/telephony/signing-keys/${res.body.id}`, adminA);
    });

    it('needs telephony:admin: 403 for supervisors and agents, 401 without a token', async () => {
      for (const role of ['supervisor', 'agent'] as const) {
        const token = await h.token({ tenant: tenantA, role, sub: `auth0|${role}-a` });
        expect(await h.api('POST', '/v1/telephony/signing-keys', token)).toMatchObject({ status: 403, body: { code: 'AUTH.MISSING_PERMISSION' } });
        expect((await h.api('GET', '/v1/telephony/signing-keys', token)).status).toBe(403);
      }
      expect((await h.api('GET', '/v1/telephony/signing-keys')).status).toBe(401);
    });
  });

  it("an event signed with tenant A's key for tenant B → 401, and nothing changes in B", async () => {
    const keyA = await createSigningKey(h, adminA);
    const forB = event(tenantB);
    const refused = await signedWith(keyA, forB);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 'TELEPHONY.SIGNATURE_WRONG_TENANT' });

    // The same key signs A's own events.
    expect((await signedWith(keyA, event(tenantA))).status).toBe(202);
    await drained(h.t);
    expect(await countIn('calls', tenantB)).toBe(0);
    expect(await countIn('call_events', tenantB)).toBe(0);
    expect(await countIn('calls', tenantA)).toBeGreaterThan(0);

    // B's own key writes into B.
    const keyB = await createSigningKey(h, adminB);
    expect((await signedWith(keyB, forB)).status).toBe(202);
    await drained(h.t);
    expect(await countIn('calls', tenantB)).toBe(1);
    await h.api('DELETE', `/v1/telephony/signing-keys/${keyA.id}`, adminA);
    await h.api('DELETE', `/v1/telephony/signing-keys/${keyB.id}`, adminB);
  });

  it('rotation: two keys valid at once, a third refused (409); a revoked key signs nothing', async () => {
    const tenant = newTenant('sig-rot');
    const admin = await h.token({ tenant, role: 'admin', sub: 'auth0|admin-rot' });
    const current = await createSigningKey(h, admin);
    const next = await createSigningKey(h, admin);
    expect(await h.api('POST', '/v1/telephony/signing-keys', admin)).toMatchObject({ status: 409, body: { code: 'TELEPHONY.SIGNING_KEY_LIMIT' } });

    expect((await signedWith(current, event(tenant))).status).toBe(202);
    expect((await signedWith(next, event(tenant))).status).toBe(202);
    // A provider mid-rotation names both keys and signs with both; one match is enough.
    const body = JSON.stringify(event(tenant));
    const both = signTelephonyPayload([current.secret, next.secret], body, now(), [current.id, next.id]);
    expect((await postEvent(h.t, body, { header: both })).status).toBe(202);

    expect((await h.api('DELETE', `/v1/telephony/signing-keys/${current.id}`, admin)).status).toBe(204);
    expect(await signedWith(current, event(tenant))).toMatchObject({ status: 401, body: { code: 'TELEPHONY.SIGNATURE_INVALID' } });
    expect((await signedWith(next, event(tenant))).status).toBe(202);
    expect((await h.api<{ items: SigningKeyDto[] }>('GET', '/v1/telephony/signing-keys', admin)).body.items.map((k) => k.id)).toEqual([next.id]);

    expect(await h.api('DELETE', `/v1/telephony/signing-keys/${current.id}`, admin)).toMatchObject({
      status: 404,
      body: { code: 'TELEPHONY.SIGNING_KEY_NOT_FOUND' },
    });
    // Another tenant's key is as absent as a missing one.
    expect((await h.api('DELETE', `/v1/telephony/signing-keys/${next.id}`, adminA)).status).toBe(404);
    expect((await createSigningKey(h, admin)).id).toMatch(/^whk_/);
  });

  it('refuses an unknown key id, a wrong secret under a real key id and a header naming too many keys', async () => {
    const key = await createSigningKey(h, adminA);
    expect(await signedWith({ id: 'whk_unknown', secret: key.secret }, event(tenantA))).toMatchObject({
      status: 401,
      body: { code: 'TELEPHONY.SIGNATURE_INVALID' },
    });
    expect(await signedWith({ id: key.id, secret: 'whsec_guessed' }, event(tenantA))).toMatchObject({
      status: 401,
      body: { code: 'TELEPHONY.SIGNATURE_INVALID' },
    });
    const body = JSON.stringify(event(tenantA));
    const three = signTelephonyPayload(key.secret, body, now(), [key.id, 'whk_b', 'whk_c']);
    expect(await postEvent(h.t, body, { header: three })).toMatchObject({ status: 401, body: { code: 'TELEPHONY.SIGNATURE_MALFORMED' } });
    await h.api('DELETE', `/v1/telephony/signing-keys/${key.id}`, adminA);
  });
});

describe('refused webhook signatures are rate limited', () => {
  let h: CallsHarness;
  const tenant = newTenant('sig-rl');

  beforeAll(async () => {
    h = await startCallsHarness({ modules: [TelephonyModule], env: { TELEPHONY_INVALID_SIGNATURES_PER_MINUTE: '3' } });
  });
  afterAll(() => h?.close());

  it('429 with Retry-After once the limit of refused signatures is spent; valid signatures still pass', async () => {
    const admin = await h.token({ tenant, role: 'admin', sub: 'auth0|admin-rl' });
    const key = await createSigningKey(h, admin);
    const event = () => ({
      eventId: randomUUID(),
      type: 'call.started',
      tenantId: tenant,
      callId: 'CA-rl',
      occurredAt: '2026-11-02T09:00:00Z',
      contactPhone: '+12025550999',
    });
    for (let i = 0; i < 3; i++) expect((await postEvent(h.t, event(), { secrets: ['forged'], kids: [key.id] })).status).toBe(401);
    const limited = await postEvent(h.t, event(), { secrets: ['forged'], kids: [key.id] });
    expect(limited).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await postEvent(h.t, event(), { header: null })).status).toBe(429);
    expect((await postEvent(h.t, event(), { secrets: [key.secret], kids: [key.id] })).status).toBe(202);
  });
});
