import { FixedClock } from '#switchboard/common';
import { ContactsModule } from '#switchboard/contacts';
import { WebhooksModule, type DeliveryDto, type WebhookDto, type WebhookWithSecretDto } from '#switchboard/webhooks';
import { startFeatureHarness, waitFor, type FeatureHarness } from '../../support/feature-harness.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

const HOUR = 3_600_000;

/** A receiver that never recovers, over a day of the server's clock. */
describe('a webhook failing for 24 h in a row', () => {
  const clock = new FixedClock(new Date());
  let h: FeatureHarness;
  let receiver: WebhookReceiver;
  let admin: string;

  beforeAll(async () => {
    h = await startFeatureHarness([WebhooksModule, ContactsModule], { clock, env: { WEBHOOK_RETRY_BASE_SECONDS: '1' } });
    receiver = await startWebhookReceiver(() => 503);
    admin = await h.token({ tenant: 'failing-hooks', role: 'admin' });
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await h?.close();
  });

  it('retries with backoff, fails the delivery after 24 h, and pauses the webhook with a reason the tenant can read', async () => {
    const hook = await h.api<WebhookWithSecretDto>('POST', '/v1/webhooks', admin, { url: receiver.url, events: ['contact.created'] });
    expect(hook.status).toBe(201);
    expect((await h.api('POST', '/v1/contacts', admin, { name: 'Never delivered', phone: '+17205550199' })).status).toBe(201);
    const deliveries = async () => (await h.api<{ items: DeliveryDto[] }>('GET', `/v1/webhooks/${hook.body.id}/deliveries`, admin)).body.items;

    const first = await waitFor(async () => (await deliveries()).find((d) => d.attempts === 1));
    expect(first).toMatchObject({ status: 'pending', lastStatusCode: 503 });
    expect(new Date(first.nextAttemptAt!).getTime()).toBeGreaterThan(clock.now().getTime());
    const failing = await h.api<WebhookDto>('GET', `/v1/webhooks/${hook.body.id}`, admin);
    expect(failing.body).toMatchObject({ paused: false, failingSince: expect.any(String) });

    // Each step is past the longest backoff (an hour): every step brings one more attempt, until the day is over.
    let attempts = 1;
    for (let hours = 2; hours <= 26; hours += 2) {
      clock.advance(2 * HOUR);
      const now = await waitFor(async () => (await deliveries()).find((d) => d.attempts > attempts || d.status !== 'pending'));
      attempts = now.attempts;
      if (now.status !== 'pending') break;
    }
    const [last] = await deliveries();
    expect(last).toMatchObject({ status: 'failed', lastStatusCode: 503, nextAttemptAt: null });
    expect(last!.attempts).toBeGreaterThanOrEqual(12);
    const paused = await h.api<WebhookDto>('GET', `/v1/webhooks/${hook.body.id}`, admin);
    expect(paused.body.paused).toBe(true);
    expect(paused.body.pausedReason).toMatch(/^Deliveries failed for 24 h in a row; last: HTTP 503 \(failing since /);
    expect(new Set(receiver.received.map((r) => r.body.eventId)).size).toBe(1);

    // Resuming clears the reason; a redelivery of the failed event goes out again with its eventId.
    const resumed = await h.api<WebhookDto>('PATCH', `/v1/webhooks/${hook.body.id}`, admin, { paused: false });
    expect(resumed.body).toMatchObject({ paused: false, pausedReason: null, failingSince: null });
    const before = receiver.received.length;
    expect((await h.api('POST', `/v1/webhooks/${hook.body.id}/deliveries/${last!.id}/redeliver`, admin)).status).toBe(202);
    await waitFor(() => receiver.received.length > before);
    expect(receiver.received.at(-1)!.body.eventId).toBe(receiver.received[0]!.body.eventId);
  }, 120_000);
});
