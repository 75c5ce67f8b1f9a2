import { randomUUID } from 'node:crypto';
import { CampaignsService, type CampaignDto } from '#switchboard/campaigns';
import type { Page, Problem } from '#switchboard/common';
import { buildOpenApi } from '../../../apps/api/src/openapi.js';
import { startCampaignsHarness, type ApiResponse, type CampaignsHarness } from './campaigns-harness.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const fieldsOf = (body: { errors?: { field: string; code: string }[] }) => (body.errors ?? []).map((e) => `${e.field}:${e.code}`);
/** The parts of the OpenAPI document these tests read. */
interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
        requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
      }
    >
  >;
  components: { schemas: Record<string, { required?: string[]; properties: Record<string, { enum?: string[] }> }> };
}

describe('campaigns API', () => {
  let h: CampaignsHarness;
  let admin: string;
  let agent: string;
  let otherTenant: string;

  beforeAll(async () => {
    h = await startCampaignsHarness();
    admin = await h.token({ tenant: 'acme', role: 'admin' });
    agent = await h.token({ tenant: 'acme', role: 'agent' });
    otherTenant = await h.token({ tenant: 'globex', role: 'admin' });
  });
  afterAll(() => h.close());

  describe('POST /v1/campaigns', () => {
    it('creates a draft campaign with Location and ETag, canonicalising the time zone', async () => {
      const res = await h.api<CampaignDto>('POST', '/v1/campaigns', admin, {
        name: 'Renewals',
        callerId: '+442071838750',
        timezone: 'america/new_york',
        window: { start: '09:00', end: '17:00' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Renewals',
        callerId: '+442071838750',
        timezone: 'America/New_York',
        window: { start: '09:00', end: '17:00' },
        status: 'draft',
        wrapUpSeconds: 30,
        retryRules: [],
        maxAttemptsPerDay: null,
        callbackGraceMinutes: 15,
        callbackDefaultDelayMinutes: 60,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(res.headers.get('location')).toBe(`/v1/campaigns/${res.body.id}`);
      expect(res.headers.get('etag')).toBe('W/"1"');
    });

    it.each([
      ['every field missing', {}, ['name:IS_STRING', 'callerId:IS_STRING', 'timezone:IS_STRING', 'window:IS_NOT_EMPTY_OBJECT']],
      ['an empty name', { name: '' }, ['name:MIN_LENGTH']],
      ['a name too long', { name: 'x'.repeat(201) }, ['name:MAX_LENGTH']],
      ['a name that is not a string', { name: 42 }, ['name:IS_STRING']],
      ['a caller id not in E.164', { callerId: '415 555 0100' }, ['callerId:MATCHES']],
      ['a caller id with a leading zero', { callerId: '+0415550100' }, ['callerId:MATCHES']],
      ['an unknown time zone', { timezone: 'Mars/Olympus_Mons' }, ['timezone:IS_IANA_TIME_ZONE']],
      ['a window that is not an object', { window: '09:00-17:00' }, ['window:IS_NOT_EMPTY_OBJECT']],
      ['window times out of range', { window: { start: '24:00', end: '9:00' } }, ['window.start:MATCHES', 'window.end:MATCHES']],
      ['a window missing its end', { window: { start: '09:00' } }, ['window.end:IS_STRING']],
      ['an empty window', { window: { start: '09:00', end: '09:00' } }, ['window:EMPTY_WINDOW']],
      ['an unknown field', { status: 'active' }, ['status:UNKNOWN_FIELD']],
      ['an unknown window field', { window: { start: '09:00', end: '17:00', days: 'mon' } }, ['window.days:UNKNOWN_FIELD']],
    ])('400 for %s', async (_, patch, expected) => {
      const base = { name: 'x', callerId: '+14155550100', timezone: 'UTC', window: { start: '09:00', end: '17:00' } };
      const body = Object.keys(patch).length === 0 ? {} : { ...base, ...patch };
      const res = await h.api<Problem>('POST', '/v1/campaigns', admin, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION' });
      expect(fieldsOf(res.body)).toEqual(expect.arrayContaining(expected));
    });

    it('400 for malformed JSON, 415 for another media type', async () => {
      const malformed = await h.api('POST', '/v1/campaigns', admin, '{"name":');
      expect(malformed.status).toBe(400);
      const form = await h.api('POST', '/v1/campaigns', admin, 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(form.status).toBe(415);
    });

    it('401 without a token, 403 without campaigns:write', async () => {
      const body = { name: 'x', callerId: '+14155550100', timezone: 'UTC', window: { start: '09:00', end: '17:00' } };
      const anonymous = await h.api('POST', '/v1/campaigns', undefined, body);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
      await expect(h.api('POST', '/v1/campaigns', agent, body)).resolves.toMatchObject({ status: 403 });
    });
  });

  describe('GET /v1/campaigns', () => {
    let tenant: string;
    let ids: string[];

    beforeAll(async () => {
      tenant = await h.token({ tenant: 'paging-co', role: 'admin' });
      ids = [];
      for (let i = 0; i < 5; i++) ids.push((await h.createCampaign(tenant, { name: `Campaign ${i}` })).id);
      await h.api('POST', `/v1/campaigns/${ids[1]}/start`, tenant);
      await h.api('POST', `/v1/campaigns/${ids[3]}/start`, tenant);
      await h.createCampaign(otherTenant, { name: 'Not yours' });
    });

    it('pages newest first with an opaque cursor, null on the last page', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: ApiResponse<{ items: { id: string }[]; nextCursor: string | null }> = await h.api(
          'GET',
          `/v1/campaigns?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          tenant,
        );
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((c: { id: string }) => c.id));
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([...ids].reverse());
    });

    it('filters by status', async () => {
      const res = await h.api<Page<CampaignDto>>('GET', '/v1/campaigns?status=active', tenant);
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([ids[3], ids[1]]);
      expect(res.body.nextCursor).toBeNull();
    });

    it("is readable with campaigns:read and never shows another tenant's", async () => {
      const res = await h.api<Page<CampaignDto>>('GET', '/v1/campaigns', agent);
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: { name: string }) => c.name)).not.toContain('Not yours');
      const other = await h.api<Page<CampaignDto>>('GET', '/v1/campaigns', otherTenant);
      expect(other.body.items.map((c: { name: string }) => c.name)).toEqual(['Not yours']);
    });

    it.each([
      ['limit=0', 'limit:MIN'],
      ['limit=201', 'limit:MAX'],
      ['limit=ten', 'limit:IS_INT'],
      ['status=archived', 'status:IS_IN'],
      ['cursor=not*a*cursor', 'cursor:MATCHES'],
      ['cursor=bm90LWpzb24', 'cursor:INVALID_CURSOR'],
      ['sort=name', 'sort:UNKNOWN_FIELD'],
    ])('400 for %s', async (query, expected) => {
      const res = await h.api<Problem>('GET', `/v1/campaigns?${query}`, tenant);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toContain(expected);
    });

    it('403 without campaigns:read', async () => {
      const noRead = await h.token({ tenant: 'acme', permissions: ['calls:write'], sub: 'no-read' });
      await expect(h.api('GET', '/v1/campaigns', noRead)).resolves.toMatchObject({ status: 403 });
    });
  });

  describe('GET /v1/campaigns/:id', () => {
    it('answers the campaign with its ETag', async () => {
      const created = await h.createCampaign(admin);
      const res = await h.api('GET', `/v1/campaigns/${created.id}`, agent);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(created);
      expect(res.headers.get('etag')).toBe('W/"1"');
    });

    it('400 for a malformed id, 404 for an unknown one', async () => {
      await expect(h.api('GET', '/v1/campaigns/nope', admin)).resolves.toMatchObject({
        status: 400,
        body: { code: 'VALIDATION', errors: [{ field: 'id', code: 'INVALID_UUID' }] },
      });
      const res = await h.api('GET', `/v1/campaigns/${UNKNOWN_ID}`, admin);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'CAMPAIGN.NOT_FOUND' });
    });
  });

  describe('PATCH /v1/campaigns/:id', () => {
    it('changes fields, bumps the version and honours If-Match', async () => {
      const created = await h.createCampaign(admin);
      const first = await h.api('PATCH', `/v1/campaigns/${created.id}`, admin, { name: 'Renamed', timezone: 'europe/paris' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ name: 'Renamed', timezone: 'Europe/Paris', callerId: created.callerId, version: 2 });
      expect(first.headers.get('etag')).toBe('W/"2"');

      const second = await h.api(
        'PATCH',
        `/v1/campaigns/${created.id}`,
        admin,
        { window: { start: '08:30', end: '12:00' }, callerId: '+33142685300' },
        { 'if-match': 'W/"2"' },
      );
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ window: { start: '08:30', end: '12:00' }, callerId: '+33142685300', version: 3 });

      const stale = await h.api('PATCH', `/v1/campaigns/${created.id}`, admin, { name: 'Lost update' }, { 'if-match': 'W/"2"' });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ code: 'PRECONDITION_FAILED' });
      const strong = await h.api('PATCH', `/v1/campaigns/${created.id}`, admin, { name: 'Strong ETag' }, { 'if-match': '"3"' });
      expect(strong.body).toMatchObject({ name: 'Strong ETag', version: 4 });
      await expect(h.api('GET', `/v1/campaigns/${created.id}`, admin)).resolves.toMatchObject({ body: { name: 'Strong ETag', version: 4 } });
    });

    it('an empty body changes nothing, but a stale If-Match is still refused', async () => {
      const created = await h.createCampaign(admin);
      await expect(h.api('PATCH', `/v1/campaigns/${created.id}`, admin, {})).resolves.toMatchObject({ status: 200, body: { version: 1 } });
      await expect(h.api('PATCH', `/v1/campaigns/${created.id}`, admin, {}, { 'if-match': 'W/"7"' })).resolves.toMatchObject({ status: 412 });
    });

    it.each([
      ['a null name', { name: null }, 'name:IS_STRING'],
      ['a null window', { window: null }, 'window:IS_NOT_EMPTY_OBJECT'],
      ['a caller id not in E.164', { callerId: '0800 123' }, 'callerId:MATCHES'],
      ['an unknown time zone', { timezone: 'Europe/Atlantis' }, 'timezone:IS_IANA_TIME_ZONE'],
      ['an empty window', { window: { start: '10:00', end: '10:00' } }, 'window:EMPTY_WINDOW'],
      ['a status (changed only by actions)', { status: 'active' }, 'status:UNKNOWN_FIELD'],
      ['a version', { version: 9 }, 'version:UNKNOWN_FIELD'],
    ])('400 for %s', async (_, body, expected) => {
      const created = await h.createCampaign(admin);
      const res = await h.api<Problem>('PATCH', `/v1/campaigns/${created.id}`, admin, body);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toContain(expected);
    });

    // A change is validated by the creation's own rules (UpdateCampaignDto is PartialType(CreateCampaignDto)):
    // each value is refused by both with the same field errors, and the campaign stays as it was.
    it.each([
      ['a name too long', { name: 'x'.repeat(201) }, ['name:MAX_LENGTH']],
      ['a name that is not a string', { name: 42 }, ['name:IS_STRING']],
      ['a null caller id', { callerId: null }, ['callerId:IS_STRING']],
      ['a caller id with a leading zero', { callerId: '+0415550100' }, ['callerId:MATCHES']],
      ['a null time zone', { timezone: null }, ['timezone:IS_STRING']],
      ['window times out of range', { window: { start: '24:00', end: '9:00' } }, ['window.start:MATCHES', 'window.end:MATCHES']],
      ['a window missing its end', { window: { start: '09:00' } }, ['window.end:IS_STRING']],
      ['an unknown window field', { window: { start: '09:00', end: '17:00', days: 'mon' } }, ['window.days:UNKNOWN_FIELD']],
    ])('400 for %s, as on creation', async (_, body, expected) => {
      const created = await h.createCampaign(admin);
      const patched = await h.api<Problem>('PATCH', `/v1/campaigns/${created.id}`, admin, body);
      expect(patched.status).toBe(400);
      expect(fieldsOf(patched.body)).toEqual(expect.arrayContaining(expected));
      const base = { name: 'x', callerId: '+14155550100', timezone: 'UTC', window: { start: '09:00', end: '17:00' } };
      const posted = await h.api<Problem>('POST', '/v1/campaigns', admin, { ...base, ...body });
      expect(posted.status).toBe(400);
      expect(fieldsOf(posted.body).sort()).toEqual(fieldsOf(patched.body).sort());
      await expect(h.api('GET', `/v1/campaigns/${created.id}`, admin)).resolves.toMatchObject({ body: { ...created } });
    });

    it('400 for a malformed If-Match, 404 for an unknown id, 403 without campaigns:write', async () => {
      const created = await h.createCampaign(admin);
      await expect(h.api('PATCH', `/v1/campaigns/${created.id}`, admin, { name: 'x' }, { 'if-match': 'version-1' })).resolves.toMatchObject({ status: 400 });
      await expect(h.api('PATCH', `/v1/campaigns/${UNKNOWN_ID}`, admin, { name: 'x' })).resolves.toMatchObject({ status: 404 });
      await expect(h.api('PATCH', `/v1/campaigns/${created.id}`, agent, { name: 'x' })).resolves.toMatchObject({ status: 403 });
    });
  });

  describe('state machine', () => {
    const drive: Record<string, string[]> = { draft: [], active: ['start'], paused: ['start', 'pause'], completed: ['complete'] };
    const legal: Record<string, Record<string, string | null>> = {
      draft: { start: 'active', pause: null, complete: 'completed' },
      active: { start: null, pause: 'paused', complete: 'completed' },
      paused: { start: 'active', pause: null, complete: 'completed' },
      completed: { start: null, pause: null, complete: null },
    };
    const cases = Object.entries(legal).flatMap(([from, actions]) => Object.entries(actions).map(([action, to]) => [from, action, to] as const));

    it.each(cases)('%s → %s: %s', async (from, action, to) => {
      const created = await h.createCampaign(admin);
      for (const step of drive[from]!) await h.api('POST', `/v1/campaigns/${created.id}/${step}`, admin);
      const before = await h.api<CampaignDto>('GET', `/v1/campaigns/${created.id}`, admin);
      expect(before.body.status).toBe(from);

      const res = await h.api('POST', `/v1/campaigns/${created.id}/${action}`, admin);
      if (to) {
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ id: created.id, status: to, version: before.body.version + 1 });
        expect(res.headers.get('etag')).toBe(`W/"${before.body.version + 1}"`);
      } else {
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ code: 'CAMPAIGN.ILLEGAL_TRANSITION', status: 409 });
        await expect(h.api('GET', `/v1/campaigns/${created.id}`, admin)).resolves.toMatchObject({ body: { status: from, version: before.body.version } });
      }
    });

    it('actions need campaigns:write and a well-formed, known id', async () => {
      const created = await h.createCampaign(admin);
      await expect(h.api('POST', `/v1/campaigns/${created.id}/start`, agent)).resolves.toMatchObject({ status: 403 });
      await expect(h.api('POST', '/v1/campaigns/123/start', admin)).resolves.toMatchObject({ status: 400 });
      await expect(h.api('POST', `/v1/campaigns/${UNKNOWN_ID}/pause`, admin)).resolves.toMatchObject({ status: 404, body: { code: 'CAMPAIGN.NOT_FOUND' } });
    });
  });

  describe('tenant isolation', () => {
    it("answers 404 on every route for another tenant's campaign, and changes nothing", async () => {
      const created = await h.createCampaign(admin);
      await h.api('POST', `/v1/campaigns/${created.id}/start`, admin);
      const contact = randomUUID();
      const routes: [string, string, unknown?][] = [
        ['GET', ''],
        ['PATCH', '', { name: 'Hijacked' }],
        ['POST', '/contacts', { contactIds: [contact] }],
        ['POST', '/start'],
        ['POST', '/pause'],
        ['POST', '/complete'],
        ['POST', '/next-contact'],
      ];
      for (const [method, suffix, body] of routes) {
        const res = await h.api<Problem>(method, `/v1/campaigns/${created.id}${suffix}`, otherTenant, body);
        expect({ route: `${method} ${suffix}`, status: res.status, code: res.body?.code }).toEqual({
          route: `${method} ${suffix}`,
          status: 404,
          code: 'CAMPAIGN.NOT_FOUND',
        });
      }
      await expect(h.api('GET', `/v1/campaigns/${created.id}`, admin)).resolves.toMatchObject({ body: { name: created.name, status: 'active', version: 2 } });
      const { rows } = await h.sql.query(`SELECT count(*)::int AS n FROM campaign_contacts WHERE campaign_id = $1`, [created.id]);
      expect(rows[0].n).toBe(0);
    });

    it('CampaignsService.exists is scoped to the tenant', async () => {
      const created = await h.createCampaign(admin);
      const service = h.t.app.get(CampaignsService);
      await expect(service.exists('acme', created.id)).resolves.toBe(true);
      await expect(service.exists('globex', created.id)).resolves.toBe(false);
      await expect(service.exists('acme', UNKNOWN_ID)).resolves.toBe(false);
      await expect(service.exists('acme', 'not-a-uuid')).resolves.toBe(false);
    });
  });

  describe('OpenAPI', () => {
    it('documents request and response schemas of every campaigns operation', () => {
      const doc = buildOpenApi(h.t.app) as unknown as OpenApiDocument;
      const ops = Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/v1/campaigns'))
        .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })));
      expect(ops.map((o) => o.name).sort()).toEqual([
        'DELETE /v1/campaigns/{id}/contacts/{contactId}',
        'GET /v1/campaigns',
        'GET /v1/campaigns/{id}',
        'GET /v1/campaigns/{id}/contacts',
        'GET /v1/campaigns/{id}/progress',
        'PATCH /v1/campaigns/{id}',
        'POST /v1/campaigns',
        'POST /v1/campaigns/{id}/complete',
        'POST /v1/campaigns/{id}/contacts',
        'POST /v1/campaigns/{id}/next-contact',
        'POST /v1/campaigns/{id}/pause',
        'POST /v1/campaigns/{id}/reset',
        'POST /v1/campaigns/{id}/start',
      ]);
      for (const { name, op } of ops) {
        const success = Object.entries(op.responses).filter(([code]) => code.startsWith('2') && code !== '204');
        // A removal answers 204 alone; every other operation documents its body.
        const noContentOnly = success.length === 0 && !!op.responses['204'];
        expect({ name, documented: noContentOnly || (success.length > 0 && success.every(([, r]) => r.content?.['application/json']?.schema)) }).toEqual({
          name,
          documented: true,
        });
        for (const code of ['400', '401', '403'])
          expect({ name, code, problem: !!op.responses[code]?.content?.['application/problem+json'] }).toEqual({ name, code, problem: true });
      }
      const withBody = ops.filter((o) => ['POST /v1/campaigns', 'PATCH /v1/campaigns/{id}', 'POST /v1/campaigns/{id}/contacts'].includes(o.name));
      expect(withBody.map((o) => o.op.requestBody?.content?.['application/json']?.schema?.$ref)).toEqual([
        '#/components/schemas/CreateCampaignDto',
        '#/components/schemas/UpdateCampaignDto',
        '#/components/schemas/AddCampaignContactsDto',
      ]);
      expect(doc.components.schemas.CreateCampaignDto.required).toEqual(['name', 'callerId', 'timezone', 'window']);
      expect(doc.components.schemas.CampaignDto.properties.status.enum).toEqual(['draft', 'active', 'paused', 'completed']);
    });
  });
});
