import { CampaignsModule } from '#switchboard/campaigns';
import { SIGNATURE_HEADER } from '#switchboard/common';
import { ContactsModule } from '#switchboard/contacts';
import { WebhooksModule, type DeliveryDto, type WebhookDto, type WebhookWithSecretDto } from '#switchboard/webhooks';
import { fieldsOf, startFeatureHarness, waitFor, type FeatureHarness } from '../../support/feature-harness.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

const ACME = 'acme-hooks';
const GLOBEX = 'globex-hooks';

describe('outbound webhooks (issue 24)', () => {
  let h: FeatureHarness;
  let receiver: WebhookReceiver;
  let admin: string;
  let otherAdmin: string;

  beforeAll(async () => {
    h = await startFeatureHarness([WebhooksModule, ContactsModule, CampaignsModule], { env: { WEBHOOK_RETRY_BASE_SECONDS: '1' } });
    receiver = await startWebhookReceiver();
    admin = await h.token({ tenant: ACME, role: 'admin' });
    otherAdmin = await h.token({ tenant: GLOBEX, role: 'admin' });
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await h?.close();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.respond = () => 200;
  });

  const subscribe = async (events: string[], token = admin, url = receiver.url) => {
    const res = await h.api<WebhookWithSecretDto>('POST', '/v1/webhooks', token, { url, events, description: 'CRM' });
    expect(res.status).toBe(201);
    receiver.secrets.push(res.body.secret);
    return res;
  };
  let phoneSeq = 0;
  const createContact = async (token = admin) => {
    const res = await h.api<{ id: string }>('POST', '/v1/contacts', token, { name: 'Webhook Target', phone: `+1720555${String(1000 + phoneSeq++)}` });
    expect(res.status).toBe(201);
    return res.body;
  };
  const deliveriesOf = (id: string, query = '') =>
    h.api<{ items: DeliveryDto[]; nextCursor: string | null }>('GET', `/v1/webhooks/${id}/deliveries${query}`, admin);

  it('answers 201 with the secret once, Location and ETag; reads never show the secret', async () => {
    const created = await subscribe(['contact.created']);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.headers.get('location')).toBe(`/v1/webhooks/${created.body.id}`);
    expect(created.headers.get('etag')).toBe('W/"1"');
    const read = await h.api<WebhookDto>('GET', `/v1/webhooks/${created.body.id}`, admin);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('secret');
    expect(read.body).toMatchObject({ url: receiver.url, events: ['contact.created'], paused: false, pausedReason: null });
    const stored = await h.sql.query(`SELECT secret_sealed FROM webhook_subscriptions WHERE id = $1`, [created.body.id]);
    expect(stored.rows[0].secret_sealed).not.toContain(created.body.secret);
    const list = await h.api<{ items: WebhookDto[] }>('GET', '/v1/webhooks', admin);
    expect(list.body.items.map((w) => w.id)).toContain(created.body.id);
    await h.api('DELETE', `/v1/webhooks/${created.body.id}`, admin);
  });

  it('signs each delivery, sends X-Switchboard-Event-Id, and data is the API representation', async () => {
    const { body: hook } = await subscribe(['contact.created']);
    const contact = await createContact();
    const got = await waitFor(() => receiver.received.find((r) => (r.body.data as { id?: string }).id === contact.id));
    expect(got.signatureValid).toBe(true);
    expect(got.headers[SIGNATURE_HEADER.toLowerCase()]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(got.headers['x-switchboard-event-id']).toBe(got.body.eventId);
    expect(got.body).toMatchObject({ type: 'contact.created', tenantId: ACME });
    const api = await h.api('GET', `/v1/contacts/${contact.id}`, admin);
    expect(got.body.data).toEqual(api.body);

    const log = await waitFor(async () => (await deliveriesOf(hook.id, '?status=delivered')).body.items.find((d) => d.eventId === got.body.eventId));
    expect(log).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200, nextAttemptAt: null, eventType: 'contact.created' });
    await h.api('DELETE', `/v1/webhooks/${hook.id}`, admin);
  });

  it('announces do-not-call listings and removals with the list entry as the API shows it', async () => {
    const { body: hook } = await subscribe(['contact.dnc_added', 'contact.dnc_removed']);
    const phone = `+1720556${String(1000 + phoneSeq++)}`;
    expect((await h.api('POST', '/v1/dnc', admin, { numbers: [{ phone, reason: 'Asked not to be called' }] })).status).toBe(200);
    const added = await waitFor(() =>
      receiver.received.find((r) => r.body.type === 'contact.dnc_added' && (r.body.data as { phone?: string }).phone === phone),
    );
    expect(added.signatureValid).toBe(true);
    expect(added.body.data).toEqual((await h.api('GET', `/v1/dnc/${encodeURIComponent(phone)}`, admin)).body);
    expect((await h.api('DELETE', `/v1/dnc/${encodeURIComponent(phone)}`, admin)).status).toBe(204);
    const removed = await waitFor(() =>
      receiver.received.find((r) => r.body.type === 'contact.dnc_removed' && (r.body.data as { phone?: string }).phone === phone),
    );
    expect(removed.body.data).toMatchObject({ phone, reason: 'Asked not to be called' });
    await h.api('DELETE', `/v1/webhooks/${hook.id}`, admin);
  });

  it('redelivers with the same eventId, signed again', async () => {
    const { body: hook } = await subscribe(['contact.updated']);
    const contact = await createContact();
    await h.api('PATCH', `/v1/contacts/${contact.id}`, admin, { name: 'Renamed' });
    const first = await waitFor(() => receiver.received.find((r) => r.body.type === 'contact.updated'));
    expect(first.body.data).toMatchObject({ id: contact.id, name: 'Renamed', version: 2 });
    const [delivery] = (await waitFor(async () => ((await deliveriesOf(hook.id, '?status=delivered')).body.items.length ? deliveriesOf(hook.id) : undefined)))
      .body.items;

    const again = await h.api<DeliveryDto>('POST', `/v1/webhooks/${hook.id}/deliveries/${delivery!.id}/redeliver`, admin);
    expect(again.status).toBe(202);
    await waitFor(() => receiver.received.filter((r) => r.body.type === 'contact.updated').length === 2);
    const both = receiver.received.filter((r) => r.body.type === 'contact.updated');
    expect(both.map((r) => r.body.eventId)).toEqual([first.body.eventId, first.body.eventId]);
    expect(both.every((r) => r.signatureValid)).toBe(true);
    const after = await waitFor(async () => (await deliveriesOf(hook.id)).body.items.find((d) => d.attempts === 2 && d.status === 'delivered'));
    expect(after.eventId).toBe(first.body.eventId);
    await h.api('DELETE', `/v1/webhooks/${hook.id}`, admin);
  });

  it('retries a 500 with backoff until the receiver recovers', async () => {
    const { body: hook } = await subscribe(['campaign.status_changed']);
    receiver.respond = ({ count }) => (count < 2 ? 500 : 204);
    const campaign = await h.api<{ id: string }>('POST', '/v1/campaigns', admin, {
      name: 'Hooks',
      callerId: '+17205550100',
      timezone: 'America/Denver',
      window: { start: '09:00', end: '17:00' },
    });
    await h.api('POST', `/v1/campaigns/${campaign.body.id}/start`, admin);
    await waitFor(() => receiver.received.some((r) => r.answered === 204));
    expect(receiver.received.map((r) => r.answered)).toEqual([500, 500, 204]);
    expect(new Set(receiver.received.map((r) => r.body.eventId)).size).toBe(1);
    expect(receiver.received[0]!.body.data).toMatchObject({ id: campaign.body.id, status: 'active' });
    const [delivery] = (await waitFor(async () => ((await deliveriesOf(hook.id, '?status=delivered')).body.items.length ? deliveriesOf(hook.id) : undefined)))
      .body.items;
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 204 });
    await h.api('DELETE', `/v1/webhooks/${hook.id}`, admin);
  }, 30_000);

  it('signs with both secrets during a rotation', async () => {
    const { body: hook } = await subscribe(['contact.created']);
    const oldSecret = hook.secret;
    const rotated = await h.api<WebhookWithSecretDto>('POST', `/v1/webhooks/${hook.id}/rotate-secret`, admin, { previousSecretHours: 1 });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(oldSecret);
    expect(rotated.body.previousSecretExpiresAt).not.toBeNull();
    const contact = await createContact();
    const got = await waitFor(() => receiver.received.find((r) => (r.body.data as { id?: string }).id === contact.id));
    const header = got.headers[SIGNATURE_HEADER.toLowerCase()] as string;
    expect(header.match(/v1=/g)).toHaveLength(2);
    receiver.secrets.splice(0, receiver.secrets.length, rotated.body.secret);
    const { verifySignature } = await import('#switchboard/common');
    expect(verifySignature(header, got.raw, [rotated.body.secret], Date.now() / 1000, 300)).toBe('valid');
    expect(verifySignature(header, got.raw, [oldSecret], Date.now() / 1000, 300)).toBe('valid');
    await h.api('DELETE', `/v1/webhooks/${hook.id}`, admin);
  });

  it('pauses and resumes; a paused webhook gets nothing', async () => {
    const { body: hook } = await subscribe(['contact.created']);
    const paused = await h.api<WebhookDto>('PATCH', `/v1/webhooks/${hook.id}`, admin, { paused: true });
    expect(paused.status).toBe(200);
    expect(paused.body.paused).toBe(true);
    await createContact();
    const resumed = await h.api<WebhookDto>('PATCH', `/v1/webhooks/${hook.id}`, admin, { paused: false, events: ['contact.created', 'contact.updated'] });
    expect(resumed.body).toMatchObject({ paused: false, events: ['contact.created', 'contact.updated'] });
    const stale = await h.api('PATCH', `/v1/webhooks/${hook.id}`, admin, { description: 'x' }, { 'if-match': 'W/"1"' });
    expect(stale.status).toBe(412);
    expect((await deliveriesOf(hook.id)).body.items).toEqual([]);
    expect(receiver.received).toEqual([]);
    expect((await h.api('DELETE', `/v1/webhooks/${hook.id}`, admin)).status).toBe(204);
    expect((await h.api('GET', `/v1/webhooks/${hook.id}`, admin)).status).toBe(404);
  });

  it('rejects invalid bodies with 400 and field errors', async () => {
    const cases: [unknown, string][] = [
      [{ events: ['contact.created'] }, 'url:'],
      [{ url: 'http://crm.example.com/hook', events: ['contact.created'] }, 'url:HTTPS_REQUIRED'],
      [{ url: 'https://10.1.2.3/hook', events: ['contact.created'] }, 'url:PRIVATE_ADDRESS'],
      [{ url: 'https://169.254.169.254/latest', events: ['contact.created'] }, 'url:PRIVATE_ADDRESS'],
      [{ url: 'not a url', events: ['contact.created'] }, 'url:INVALID_URL'],
      [{ url: 'https://203.0.113.7/hook', events: [] }, 'events:'],
      [{ url: 'https://203.0.113.7/hook', events: ['contact.exploded'] }, 'events:'],
      [{ url: 'https://203.0.113.7/hook', events: ['contact.created'], secret: 'mine' }, 'secret:'],
    ];
    for (const [body, field] of cases) {
      const res = await h.api<{ code: string; errors: { field: string; code: string }[] }>('POST', '/v1/webhooks', admin, body);
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION']);
      expect(fieldsOf(res.body).some((f) => f.startsWith(field))).toBe(true);
    }
    expect((await h.api('GET', '/v1/webhooks/not-a-uuid', admin)).status).toBe(400);
    expect((await h.api('GET', `/v1/webhooks/${crypto.randomUUID()}/deliveries?status=lost`, admin)).status).toBe(400);
    // A public https address is accepted without resolving anything.
    const ok = await h.api<WebhookDto>('POST', '/v1/webhooks', admin, { url: 'https://203.0.113.7/hook', events: ['call.completed'] });
    expect(ok.status).toBe(201);
    await h.api('DELETE', `/v1/webhooks/${ok.body.id}`, admin);
  });

  it('answers 403 without webhooks:write (supervisors and agents) and 401 without a token', async () => {
    for (const role of ['supervisor', 'agent'] as const) {
      const token = await h.token({ tenant: ACME, role });
      expect((await h.api('GET', '/v1/webhooks', token)).status).toBe(403);
      expect((await h.api('POST', '/v1/webhooks', token, { url: receiver.url, events: ['contact.created'] })).status).toBe(403);
    }
    expect((await h.api('GET', '/v1/webhooks')).status).toBe(401);
  });

  it("keeps tenants apart: another tenant's webhook is 404 and never gets this tenant's events", async () => {
    const { body: mine } = await subscribe(['contact.created']);
    const theirs = await h.api<WebhookWithSecretDto>('POST', '/v1/webhooks', otherAdmin, { url: `${receiver.url}?tenant=globex`, events: ['contact.created'] });
    expect(theirs.status).toBe(201);
    for (const [method, path] of [
      ['GET', `/v1/webhooks/${mine.id}`],
      ['PATCH', `/v1/webhooks/${mine.id}`],
      ['DELETE', `/v1/webhooks/${mine.id}`],
      ['GET', `/v1/webhooks/${mine.id}/deliveries`],
      ['POST', `/v1/webhooks/${mine.id}/rotate-secret`],
    ] as const) {
      expect([method, path, (await h.api(method, path, otherAdmin, method === 'GET' || method === 'DELETE' ? undefined : {})).status]).toEqual([
        method,
        path,
        404,
      ]);
    }
    expect((await h.api<{ items: WebhookDto[] }>('GET', '/v1/webhooks', otherAdmin)).body.items.map((w) => w.id)).toEqual([theirs.body.id]);
    const contact = await createContact();
    await waitFor(() => receiver.received.find((r) => (r.body.data as { id?: string }).id === contact.id));
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the relay runs every 500 ms: time for a stray delivery to show
    const toContact = receiver.received.filter((r) => (r.body.data as { id?: string }).id === contact.id);
    expect(toContact).toHaveLength(1);
    expect(toContact[0]!.body.tenantId).toBe(ACME);
    await h.api('DELETE', `/v1/webhooks/${mine.id}`, admin);
    await h.api('DELETE', `/v1/webhooks/${theirs.body.id}`, otherAdmin);
  });

  it('announces import.completed once, with the import as the API shows it', async () => {
    const { body: hook } = await subscribe(['import.completed']);
    const accepted = await h.api<{ id: string }>('POST', '/v1/contact-imports', admin, 'name,phone\nImported One,+17205559001\nImported Two,+17205559002\n', {
      'content-type': 'text/csv',
    });
    expect(accepted.status).toBe(202);
    const got = await waitFor(() => receiver.received.find((r) => r.body.type === 'import.completed'));
    expect(got.signatureValid).toBe(true);
    const api = await h.api('GET', `/v1/contact-imports/${accepted.body.id}`, admin);
    expect(got.body.data).toEqual(api.body);
    expect(got.body.data).toMatchObject({ status: 'completed', total: 2, processed: 2 });
    await waitFor(async () => (await deliveriesOf(hook.id, '?status=delivered')).body.items.length === 1);
    expect(receiver.received.filter((r) => r.body.type === 'import.completed')).toHaveLength(1);
    await h.api('DELETE', `/v1/webhooks/${hook.id}`, admin);
  });

  it('records no event for a change that rolled back', async () => {
    const { body: hook } = await subscribe(['contact.created']);
    const contact = await createContact();
    const taken = await h.api('POST', '/v1/contacts', admin, {
      name: 'Same phone',
      phone: (await h.api<{ phone: string }>('GET', `/v1/contacts/${contact.id}`, admin)).body.phone,
    });
    expect(taken.status).toBe(409);
    await waitFor(async () => (await deliveriesOf(hook.id, '?status=delivered')).body.items.length === 1);
    const outbox = await h.sql.query(`SELECT count(*)::int AS n FROM event_outbox`);
    expect(outbox.rows[0].n).toBe(0);
    expect((await deliveriesOf(hook.id)).body.items).toHaveLength(1);
    await h.api('DELETE', `/v1/webhooks/${hook.id}`, admin);
  });
});
