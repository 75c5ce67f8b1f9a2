import { randomUUID } from 'node:crypto';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FixedClock, type Problem } from '#switchboard/common';
import { TelephonyModule, signTelephonyPayload, type CallDto } from '#switchboard/calls';
import type { ContactDto } from '#switchboard/contacts';
import { QueueProducer } from '#switchboard/queue';
import { type CallsHarness, deadLettered, drained, newTenant, postEvent, startCallsHarness, waitFor, WEBHOOK_SECRET } from '../calls/calls-harness.js';

const ROTATED_SECRET = 'rotated-webhook-secret';

describe('telephony webhook and call-events consumer', () => {
  let h: CallsHarness;
  const clock = new FixedClock(new Date());
  const now = () => Math.floor(clock.now().getTime() / 1000);
  const tenant = newTenant('tel');
  let agentToken: string;

  const event = (overrides: Record<string, unknown> = {}) => ({
    eventId: randomUUID(),
    type: 'call.started',
    tenantId: tenant,
    callId: `CA-${randomUUID()}`,
    occurredAt: '2026-11-02T09:00:00Z',
    contactPhone: '+12025550999',
    ...overrides,
  });
  const post = <T = unknown>(body: unknown, opts: Parameters<typeof postEvent>[2] = {}) => postEvent<T>(h.t, body, { timestamp: now(), ...opts });
  const accept = async (body: Record<string, unknown>) => {
    const res = await post(body);
    expect(res.status).toBe(202);
    return res;
  };
  const callOf = async (callId: string) => {
    const { rows } = await h.sql.query('SELECT id FROM calls WHERE tenant_id = $1 AND provider_call_id = $2', [tenant, callId]);
    if (!rows[0]) return undefined;
    return (await h.api<CallDto>('GET', `/v1/calls/${rows[0].id}`, agentToken)).body;
  };

  beforeAll(async () => {
    h = await startCallsHarness({
      modules: [TelephonyModule],
      clock,
      env: { TELEPHONY_WEBHOOK_SECRET: `${WEBHOOK_SECRET}, ${ROTATED_SECRET}`, TELEPHONY_TOLERANCE_SECONDS: '300', QUEUE_VISIBILITY_TIMEOUT_SECONDS: '1' },
    });
    agentToken = await h.token({ tenant, role: 'agent', sub: 'auth0|agent-7' });
  });
  afterAll(() => h?.close());

  describe('signature', () => {
    it('accepts a signed event: 202 {accepted, eventId}', async () => {
      const body = event();
      const res = await post(body);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ accepted: true, eventId: body.eventId });
    });

    it('401 without a signature, whatever the body', async () => {
      const missing = await post(event(), { header: null });
      expect(missing.status).toBe(401);
      expect(missing.body).toMatchObject({ code: 'TELEPHONY.SIGNATURE_MISSING' });
      expect((await post({ nonsense: true }, { header: null })).status).toBe(401);
    });

    it('401 for a malformed header, a wrong secret and a tampered body', async () => {
      expect((await post(event(), { header: 'sha256=abc' })).body).toMatchObject({ status: 401, code: 'TELEPHONY.SIGNATURE_MALFORMED' });
      expect((await post(event(), { secrets: ['guessed'] })).body).toMatchObject({ status: 401, code: 'TELEPHONY.SIGNATURE_INVALID' });
      const signedFor = signTelephonyPayload(WEBHOOK_SECRET, JSON.stringify(event()), now());
      expect((await post(event(), { header: signedFor })).body).toMatchObject({ status: 401, code: 'TELEPHONY.SIGNATURE_INVALID' });
    });

    it('401 for a timestamp more than the tolerance away, either way; accepted at the edge', async () => {
      expect((await post(event(), { timestamp: now() - 301 })).body).toMatchObject({ status: 401, code: 'TELEPHONY.SIGNATURE_EXPIRED' });
      expect((await post(event(), { timestamp: now() + 301 })).body).toMatchObject({ status: 401, code: 'TELEPHONY.SIGNATURE_EXPIRED' });
      expect((await post(event(), { timestamp: now() - 300 })).status).toBe(202);
    });

    it('accepts either secret during a rotation, and a header whose second v1 matches', async () => {
      expect((await post(event(), { secrets: [ROTATED_SECRET] })).status).toBe(202);
      expect((await post(event(), { secrets: [WEBHOOK_SECRET] })).status).toBe(202);
      expect((await post(event(), { secrets: ['retired-secret', ROTATED_SECRET] })).status).toBe(202);
      expect((await post(event(), { secrets: ['retired-secret', 'other'] })).status).toBe(401);
    });
  });

  describe('schema', () => {
    it.each([
      ['missing eventId', { eventId: undefined }, 'eventId'],
      ['unknown type', { type: 'call.exploded' }, 'type'],
      ['missing tenantId', { tenantId: undefined }, 'tenantId'],
      ['empty callId', { callId: '' }, 'callId'],
      ['occurredAt without offset', { occurredAt: '2026-11-02T09:00:00' }, 'occurredAt'],
      ['contactPhone not a phone', { contactPhone: 'call me' }, 'contactPhone'],
      ['malformed campaignId', { campaignId: 'c-1' }, 'campaignId'],
      ['call.ended without disposition', { type: 'call.ended' }, 'disposition'],
      ['unknown disposition', { type: 'call.ended', disposition: 'hung_up' }, 'disposition'],
      ['recording.ready without recordingUrl', { type: 'recording.ready' }, 'recordingUrl'],
      ['recordingUrl not a URL', { type: 'recording.ready', recordingUrl: 'ftp:/x' }, 'recordingUrl'],
      ['an unknown field', { callerName: 'Ann' }, 'callerName'],
    ])('400 for a signed event with %s', async (_label, overrides, field) => {
      const res = await post<Problem>(event(overrides));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('400 for a signed body that is not JSON', async () => {
      expect((await post('{"eventId":')).body).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
    });

    it('documents the signature header and the 202 answer in OpenAPI', () => {
      const doc = SwaggerModule.createDocument(h.t.app, new DocumentBuilder().build());
      const operation = doc.paths['/v1/telephony/events']!.post!;
      expect(operation.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'X-Switchboard-Signature', in: 'header', required: true })]),
      );
      expect(operation.responses['202']).toBeDefined();
      expect(operation.requestBody).toBeDefined();
    });
  });

  describe('consumer', () => {
    it("applies a call's events end to end: the call, the contact status and the campaign contact", async () => {
      const contact = await h.createContact(agentToken);
      const campaignId = await h.createCampaign(await h.token({ tenant, role: 'admin' }), [contact.id]);
      expect((await h.api('POST', `/v1/campaigns/${campaignId}/next-contact`, agentToken)).status).toBe(200);
      const base = { callId: `CA-${randomUUID()}`, contactPhone: contact.phone, agentSub: 'auth0|agent-7', campaignId };
      await accept(event({ ...base, type: 'call.started', occurredAt: '2026-11-02T09:00:00+01:00' }));
      await accept(event({ ...base, type: 'call.answered', occurredAt: '2026-11-02T09:00:07+01:00' }));
      await accept(event({ ...base, type: 'call.ended', occurredAt: '2026-11-02T09:03:07+01:00', disposition: 'sale' }));
      await accept(event({ ...base, type: 'recording.ready', occurredAt: '2026-11-02T09:03:30+01:00', recordingUrl: 'https://rec.example.com/1.mp3' }));
      await drained(h.t);

      expect(await callOf(base.callId)).toMatchObject({
        providerCallId: base.callId,
        contactId: contact.id,
        contactPhone: contact.phone,
        agentId: await h.agentIdOf(tenant, 'auth0|agent-7'),
        campaignId,
        startedAt: '2026-11-02T08:00:00.000Z',
        answeredAt: '2026-11-02T08:00:07.000Z',
        endedAt: '2026-11-02T08:03:07.000Z',
        disposition: 'sale',
        recordingUrl: 'https://rec.example.com/1.mp3',
        version: 4,
      });
      expect((await h.api<ContactDto>('GET', `/v1/contacts/${contact.id}`, agentToken)).body.status).toBe('contacted');
      expect(await h.campaignContactState(campaignId, contact.id)).toMatchObject({ state: 'done' });
    });

    it('applies the same event once, however often it arrives', async () => {
      const contact = await h.createContact(agentToken);
      const ended = event({ type: 'call.ended', contactPhone: contact.phone, disposition: 'callback', occurredAt: '2026-11-02T10:00:00Z' });
      await accept(ended);
      await accept(ended);
      // Same id, other content: still the same event, already applied.
      await accept({ ...ended, disposition: 'do_not_call' });
      await drained(h.t);

      const { rows } = await h.sql.query('SELECT count(*)::int AS n FROM call_events WHERE tenant_id = $1 AND event_id = $2', [tenant, ended.eventId]);
      expect(rows[0].n).toBe(1);
      expect(await callOf(ended.callId)).toMatchObject({ version: 1, disposition: 'callback' });
      expect((await h.api('GET', `/v1/contacts/${contact.id}`, agentToken)).body).toMatchObject({ status: 'callback', version: 2 });
    });

    it('reaches the same call in any arrival order, never going back to an earlier state', async () => {
      const contact = await h.createContact(agentToken);
      const base = { callId: `CA-${randomUUID()}`, contactPhone: contact.phone, agentSub: 'auth0|agent-7' };
      const inOrder = [
        event({ ...base, type: 'call.ended', occurredAt: '2026-11-02T11:05:00Z', disposition: 'do_not_call' }),
        event({ ...base, type: 'recording.ready', occurredAt: '2026-11-02T11:05:30Z', recordingUrl: 'https://rec.example.com/2.mp3' }),
        event({ ...base, type: 'call.answered', occurredAt: '2026-11-02T11:00:10Z' }),
        // A late, earlier end with another disposition does not replace the later end.
        event({ ...base, type: 'call.ended', occurredAt: '2026-11-02T11:04:00Z', disposition: 'sale' }),
        event({ ...base, type: 'call.started', occurredAt: '2026-11-02T11:00:00Z' }),
      ];
      for (const e of inOrder) {
        await accept(e);
        await drained(h.t); // one at a time, so they are applied in exactly this order
      }
      expect(await callOf(base.callId)).toMatchObject({
        contactId: contact.id,
        startedAt: '2026-11-02T11:00:00.000Z',
        answeredAt: '2026-11-02T11:00:10.000Z',
        endedAt: '2026-11-02T11:05:00.000Z',
        disposition: 'do_not_call',
        recordingUrl: 'https://rec.example.com/2.mp3',
      });
      expect((await h.api<ContactDto>('GET', `/v1/contacts/${contact.id}`, agentToken)).body.status).toBe('do_not_call');
    });

    it('keeps a call with an unknown phone, agent and campaign, without links (the phone in E.164)', async () => {
      const e = event({ type: 'call.ended', contactPhone: '(202) 555-0000', agentSub: 'auth0|nobody', campaignId: randomUUID(), disposition: 'wrong_number' });
      await accept(e);
      const call = await waitFor(() => callOf(e.callId as string));
      expect(call).toMatchObject({ contactId: null, contactPhone: '+12025550000', agentId: null, campaignId: null, disposition: 'wrong_number' });
    });

    it('finds the contact whatever the spelling of its phone', async () => {
      const contact = await h.createContact(agentToken, '+12025550142');
      const e = event({ type: 'call.answered', contactPhone: '202.555.0142' });
      await accept(e);
      expect(await waitFor(() => callOf(e.callId as string))).toMatchObject({ contactId: contact.id, contactPhone: '+12025550142' });
    });

    it('redelivers an event whose handling failed, until it succeeds', async () => {
      // The first two attempts fail inside the transaction; a sequence is not rolled back, so it counts them.
      await h.sql.query(`CREATE SEQUENCE flaky_attempts`);
      await h.sql.query(`
        CREATE FUNCTION fail_twice() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.event_id LIKE 'flaky-%' AND nextval('flaky_attempts') <= 2 THEN RAISE EXCEPTION 'injected failure'; END IF;
          RETURN NEW;
        END $$`);
      await h.sql.query(`CREATE TRIGGER fail_twice BEFORE INSERT ON call_events FOR EACH ROW EXECUTE FUNCTION fail_twice()`);
      const e = event({ eventId: `flaky-${randomUUID()}`, type: 'call.answered' });
      await accept(e);
      const call = await waitFor(() => callOf(e.callId as string));
      expect(call.answeredAt).toBe('2026-11-02T09:00:00.000Z');
      const { rows } = await h.sql.query(`SELECT last_value::int AS attempts FROM flaky_attempts`);
      expect(rows[0].attempts).toBe(3);
      await h.sql.query(`DROP TRIGGER fail_twice ON call_events`);
    });

    it('sends an invalid event to the DLQ at once, with the reason, and applies nothing', async () => {
      const producer = h.t.app.get(QueueProducer);
      const bad = event({ type: 'call.exploded' });
      await producer.send('call-events', bad);
      const dead = await deadLettered(h.t, (m) => m.Body!.includes(bad.eventId));
      expect(dead.MessageAttributes?.['dead-letter-reason']?.StringValue).toMatch(/^invalid call event: type: /);
      expect(dead.MessageAttributes?.['receive-count']?.StringValue).toBe('1');

      await producer.send('call-events', ['not', 'an', 'event']);
      const notObject = await deadLettered(h.t, (m) => m.Body === '["not","an","event"]');
      expect(notObject.MessageAttributes?.['dead-letter-reason']?.StringValue).toBe('call event is not a JSON object');
      expect(await callOf(bad.callId)).toBeUndefined();
    });
  });
});
