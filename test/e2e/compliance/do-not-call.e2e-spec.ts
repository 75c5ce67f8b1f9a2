import { randomUUID } from 'node:crypto';
import { TelephonyModule } from '#switchboard/calls';
import { FixedClock } from '#switchboard/common';
import type { ContactDto } from '#switchboard/contacts';
import { type CallsHarness, drained, newTenant, nextPhone, postEvent, startCallsHarness } from '../calls/calls-harness.js';

/**
 * Issue 21, item 1: each way a do-not-call contact used to become callable again,
 * as a black-box HTTP sequence ending in next-contact, which must not hand the
 * number out. Only the contact in question is in the campaign, so a 200 means
 * the number was handed out.
 */
describe('do-not-call acceptance: nothing silently undoes it', () => {
  // 13:00 in New York: inside the campaign window and any legal calling hours.
  const clock = new FixedClock(new Date('2026-03-10T17:00:00Z'));
  let h: CallsHarness;

  beforeAll(async () => {
    h = await startCallsHarness({ modules: [TelephonyModule], clock });
  });
  afterAll(() => h?.close());

  /** A tenant with an agent, a supervisor and one contact (`phone`) in an active campaign. */
  async function world() {
    const tenant = newTenant('dnc');
    const agent = await h.token({ tenant, role: 'agent', sub: `${tenant}|agent` });
    const supervisor = await h.token({ tenant, role: 'supervisor', sub: `${tenant}|supervisor` });
    const contact = await h.createContact(agent);
    const campaign = await h.api<{ id: string }>('POST', '/v1/campaigns', supervisor, {
      name: 'Renewals',
      callerId: '+12025550100',
      timezone: 'America/New_York',
      window: { start: '08:00', end: '21:00' },
    });
    expect(campaign.status).toBe(201);
    await expect(h.api('POST', `/v1/campaigns/${campaign.body.id}/contacts`, supervisor, { contactIds: [contact.id] })).resolves.toMatchObject({
      body: { added: 1 },
    });
    await expect(h.api('POST', `/v1/campaigns/${campaign.body.id}/start`, supervisor)).resolves.toMatchObject({ status: 200 });
    const nextContact = () => h.api('POST', `/v1/campaigns/${campaign.body.id}/next-contact`, agent);
    const contactNow = async (id = contact.id) => (await h.api<ContactDto>('GET', `/v1/contacts/${id}`, agent)).body;
    const logCall = (disposition: string) =>
      h.api('POST', '/v1/calls', agent, {
        contactId: contact.id,
        direction: 'outbound',
        startedAt: '2026-03-10T16:50:00Z',
        endedAt: '2026-03-10T16:55:00Z',
        disposition,
      });
    return { tenant, agent, supervisor, contact, campaignId: campaign.body.id, nextContact, contactNow, logCall };
  }

  const ended = async (tenant: string, phone: string, disposition: string, extra: Record<string, unknown> = {}) => {
    const event = {
      eventId: randomUUID(),
      type: 'call.ended',
      tenantId: tenant,
      callId: `CA-${randomUUID()}`,
      occurredAt: '2026-03-10T16:55:00Z',
      contactPhone: phone,
      disposition,
      ...extra,
    };
    const res = await postEvent(h.t, event, { timestamp: Math.floor(clock.now().getTime() / 1000) });
    expect(res.status).toBe(202);
    await drained(h.t);
  };

  it('control: the same set-up hands an unlisted contact out', async () => {
    const w = await world();
    await expect(w.nextContact()).resolves.toMatchObject({ status: 200, body: { contact: { id: w.contact.id } } });
  });

  it('a later call through POST /v1/calls never clears it', async () => {
    const w = await world();
    await expect(w.logCall('do_not_call')).resolves.toMatchObject({ status: 201 });
    await expect(h.api('GET', `/v1/dnc/${w.contact.phone}`, w.agent)).resolves.toMatchObject({ status: 200, body: { source: 'disposition' } });
    await expect(w.logCall('sale')).resolves.toMatchObject({ status: 201 });
    await expect(w.logCall('callback')).resolves.toMatchObject({ status: 201 });
    expect(await w.contactNow()).toMatchObject({ status: 'do_not_call' });
    await expect(w.nextContact()).resolves.toMatchObject({ status: 204 });
  });

  it("a telephony event, an inbound call's included, never clears it; the provider's do_not_call lists the number", async () => {
    const w = await world();
    await ended(w.tenant, w.contact.phone, 'do_not_call', { agentSub: `${w.tenant}|agent` });
    await expect(h.api('GET', `/v1/dnc/${w.contact.phone}`, w.agent)).resolves.toMatchObject({ status: 200, body: { source: 'event', listedBy: 'provider' } });
    // The person calls in (no campaign, no agent): the call is logged, the contact stays do_not_call.
    await ended(w.tenant, w.contact.phone, 'sale');
    await ended(w.tenant, w.contact.phone, 'callback', { campaignId: w.campaignId });
    expect(await w.contactNow()).toMatchObject({ status: 'do_not_call' });
    await expect(w.nextContact()).resolves.toMatchObject({ status: 204 });
  });

  it("the provider's do_not_call for a number no contact has lists it: a contact created with it later is do_not_call", async () => {
    const w = await world();
    const phone = nextPhone();
    await ended(w.tenant, phone, 'do_not_call');
    await expect(h.api('GET', `/v1/dnc/${phone}`, w.agent)).resolves.toMatchObject({ status: 200, body: { source: 'event' } });
    const later = await h.api<ContactDto>('POST', '/v1/contacts', w.agent, { name: 'Caller', phone });
    expect(later).toMatchObject({ status: 201, body: { status: 'do_not_call' } });
  });

  it('an agent cannot PATCH it back to new (409 CONTACT.DO_NOT_CALL)', async () => {
    const w = await world();
    await expect(w.logCall('do_not_call')).resolves.toMatchObject({ status: 201 });
    for (const status of ['new', 'contacted', 'callback']) {
      await expect(h.api('PATCH', `/v1/contacts/${w.contact.id}`, w.agent, { status })).resolves.toMatchObject({
        status: 409,
        body: { code: 'CONTACT.DO_NOT_CALL' },
      });
    }
    // Nor by a change of number: the new number is listed too.
    const moved = await h.api<ContactDto>('PATCH', `/v1/contacts/${w.contact.id}`, w.agent, { phone: nextPhone() });
    expect(moved.body).toMatchObject({ status: 'do_not_call' });
    await expect(h.api('GET', `/v1/dnc/${moved.body.phone}`, w.agent)).resolves.toMatchObject({ status: 200, body: { source: 'api' } });
    await expect(w.nextContact()).resolves.toMatchObject({ status: 204 });
  });

  it('setting the status do_not_call by PATCH lists the number (source api)', async () => {
    const w = await world();
    await expect(h.api('PATCH', `/v1/contacts/${w.contact.id}`, w.agent, { status: 'do_not_call' })).resolves.toMatchObject({ status: 200 });
    await expect(h.api('GET', `/v1/dnc/${w.contact.phone}`, w.agent)).resolves.toMatchObject({ status: 200, body: { source: 'api' } });
    await expect(w.nextContact()).resolves.toMatchObject({ status: 204 });
  });

  it('delete and re-create: an agent cannot delete; the re-created contact is do_not_call from the start', async () => {
    const w = await world();
    await expect(w.logCall('do_not_call')).resolves.toMatchObject({ status: 201 });
    await expect(h.api('DELETE', `/v1/contacts/${w.contact.id}`, w.agent)).resolves.toMatchObject({ status: 403 });
    await expect(h.api('DELETE', `/v1/contacts/${w.contact.id}`, w.supervisor)).resolves.toMatchObject({ status: 204 });
    const again = await h.api<ContactDto>('POST', '/v1/contacts', w.agent, { name: 'Same person', phone: w.contact.phone });
    expect(again).toMatchObject({ status: 201, body: { status: 'do_not_call' } });
    await expect(h.api('POST', `/v1/campaigns/${w.campaignId}/contacts`, w.supervisor, { contactIds: [again.body.id] })).resolves.toMatchObject({
      body: { added: 0, skipped: 1 },
    });
    await expect(w.nextContact()).resolves.toMatchObject({ status: 204 });
  });

  it('delete and re-import: an agent cannot import; the imported contact is do_not_call from the start', async () => {
    const w = await world();
    await expect(w.logCall('do_not_call')).resolves.toMatchObject({ status: 201 });
    await expect(h.api('DELETE', `/v1/contacts/${w.contact.id}`, w.supervisor)).resolves.toMatchObject({ status: 204 });
    const csv = `name,phone\nSame person,${w.contact.phone}\n`;
    await expect(h.api('POST', '/v1/contact-imports', w.agent, csv, { 'content-type': 'text/csv' })).resolves.toMatchObject({ status: 403 });
    const started = await h.api<{ id: string }>('POST', '/v1/contact-imports', w.supervisor, csv, { 'content-type': 'text/csv' });
    expect(started.status).toBe(202);
    const done = async () => (await h.api<{ status: string }>('GET', `/v1/contact-imports/${started.body.id}`, w.supervisor)).body.status === 'completed';
    while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 25));
    const { body } = await h.api<{ items: ContactDto[] }>('GET', `/v1/contacts?q=${encodeURIComponent(w.contact.phone)}`, w.agent);
    expect(body.items).toEqual([expect.objectContaining({ phone: w.contact.phone, status: 'do_not_call' })]);
    await expect(h.api('POST', `/v1/campaigns/${w.campaignId}/contacts`, w.supervisor, { contactIds: [body.items[0]!.id] })).resolves.toMatchObject({
      body: { added: 0, skipped: 1 },
    });
    await expect(w.nextContact()).resolves.toMatchObject({ status: 204 });
  });

  it('a number listed after its contact joined the campaign is not handed out; removal (dnc:write) makes it callable again', async () => {
    const w = await world();
    const listed = await h.api('POST', '/v1/dnc', w.supervisor, { numbers: [{ phone: w.contact.phone, reason: 'Asked by letter' }] });
    expect(listed).toMatchObject({ status: 200, body: { added: 1 } });
    expect(await w.contactNow()).toMatchObject({ status: 'do_not_call' });
    await expect(w.nextContact()).resolves.toMatchObject({ status: 204 });
    await expect(h.api('DELETE', `/v1/dnc/${w.contact.phone}`, w.agent)).resolves.toMatchObject({ status: 403 });
    await expect(h.api('DELETE', `/v1/dnc/${w.contact.phone}`, w.supervisor, { reason: 'Consent given' })).resolves.toMatchObject({
      status: 204,
    });
    expect(await w.contactNow()).toMatchObject({ status: 'new' });
    await expect(w.nextContact()).resolves.toMatchObject({ status: 200, body: { contact: { id: w.contact.id } } });
  });
});
