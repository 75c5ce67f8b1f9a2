import { FixedClock } from '#switchboard/common';
import { ContactsModule } from '#switchboard/contacts';
import { WebhooksModule, type DeliveryDto, type WebhookWithSecretDto } from '#switchboard/webhooks';
import { startFeatureHarness, waitFor, type FeatureHarness } from '../../support/feature-harness.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

const DAY = 86_400_000;

/** The delivery log keeps finished deliveries WEBHOOK_DELIVERY_RETENTION_DAYS (here 30), then the relay deletes them. */
describe('webhook delivery retention', () => {
  const clock = new FixedClock(new Date());
  let h: FeatureHarness;
  let receiver: WebhookReceiver;
  let status = 204;

  beforeAll(async () => {
    h = await startFeatureHarness([WebhooksModule, ContactsModule], { clock, env: { WEBHOOK_RETRY_BASE_SECONDS: '1', WEBHOOK_DELIVERY_RETENTION_DAYS: '30' } });
    receiver = await startWebhookReceiver(() => status);
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await h?.close();
  });

  it('deletes a delivery finished more than 30 days ago and keeps the ones still in their retention or pending', async () => {
    const admin = await h.token({ tenant: 'retention', role: 'admin' });
    const hook = await h.api<WebhookWithSecretDto>('POST', '/v1/webhooks', admin, { url: receiver.url, events: ['contact.created'] });
    expect(hook.status).toBe(201);
    const deliveries = async () => (await h.api<{ items: DeliveryDto[] }>('GET', `/v1/webhooks/${hook.body.id}/deliveries`, admin)).body.items;

    expect((await h.api('POST', '/v1/contacts', admin, { name: 'Old news', phone: '+17205550101' })).status).toBe(201);
    const delivered = await waitFor(async () => (await deliveries()).find((d) => d.status === 'delivered'));

    clock.advance(29 * DAY);
    status = 503;
    expect((await h.api('POST', '/v1/contacts', admin, { name: 'Still trying', phone: '+17205550102' })).status).toBe(201);
    const pending = await waitFor(async () => (await deliveries()).find((d) => d.attempts === 1 && d.status === 'pending'));
    // 29 days on, the first is inside its retention; pruning runs at most once a minute of the clock.
    clock.advance(2 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await deliveries()).map((d) => d.id).sort()).toEqual([delivered.id, pending.id].sort());

    // Past 30 days: the delivered one goes; the other stays, pending or failed after its last retry today.
    clock.advance(2 * DAY);
    await waitFor(async () => !(await deliveries()).some((d) => d.id === delivered.id));
    expect((await deliveries()).map((d) => d.id)).toEqual([pending.id]);
  });
});
