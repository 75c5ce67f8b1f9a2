import { scheduledEvent } from './support/api-gateway-events.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { eventually, expectStatus } from './scenarios/scenario.js';
import { startLambdaTopology, type LambdaTopology } from './support/lambda-topology.js';
import { newPhone, newTenant, type Resource } from './support/topology.js';

/**
 * Outbound webhooks through the bundles, as in AWS: the contacts function
 * records contact.created in the outbox, the scheduled `webhook-relay` function
 * fans it out and sends the batch to `webhook-deliveries`, and the
 * `webhook-deliveries-worker` bundle POSTs it, signed, to the receiver.
 */
describe('webhook delivery through the bundled functions', () => {
  let topology: LambdaTopology;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    // Production profile: the loopback receiver needs the development target policy, given as a setting.
    topology = await startLambdaTopology({ env: { WEBHOOK_PRIVATE_TARGETS: 'allow-loopback' } });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await topology?.close();
  });

  it('delivers a committed event, signed, once the relay has run; the log shows it delivered', async () => {
    const tenant = newTenant('hooks');
    const admin = await topology.token({ tenant, role: 'admin' });
    const hook = await topology.request<Resource & { secret: string }>('POST', '/v1/webhooks', {
      token: admin,
      body: { url: receiver.url, events: ['contact.created'] },
    });
    expectStatus(hook, 201);
    receiver.secrets.push(hook.body.secret);
    const contact = await topology.request<Resource>('POST', '/v1/contacts', { token: admin, body: { name: 'Hooked', phone: newPhone() } });
    expectStatus(contact, 201);

    // Nothing moves until the relay runs.
    await topology.deliverQueued();
    expect(receiver.received).toEqual([]);
    const relay = await topology.fn('webhook-relay');
    const run = await relay.invoke<{ events: number; sent: number }>(scheduledEvent('webhook-relay'));
    expect(run.result).toEqual({ events: 1, sent: 1, pruned: 0 });

    const got = await eventually(topology, async () => receiver.received.find((r) => (r.body.data as { id?: string }).id === contact.body.id));
    expect(got.signatureValid).toBe(true);
    expect(got.body).toMatchObject({ type: 'contact.created', tenantId: tenant });
    expect(got.headers['x-switchboard-event-id']).toBe(got.body.eventId);
    const log = await eventually(topology, async () => {
      const page = await topology.request<{ items: Resource[] }>('GET', `/v1/webhooks/${hook.body.id}/deliveries?status=delivered`, { token: admin });
      return page.body.items[0];
    });
    expect(log).toMatchObject({ eventId: got.body.eventId, attempts: 1, lastStatusCode: 200 });
  });
});
