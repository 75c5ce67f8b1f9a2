import 'reflect-metadata';
import { createScheduledHandler } from '#switchboard/lambda';
import { WebhookRelay, WebhooksModule } from '#switchboard/webhooks';

/** A pass starts only with this much of the invocation left. */
const PASS_MARGIN_MS = 5_000;

/**
 * Every minute (EventBridge): fans the event outbox out to webhook deliveries
 * and sends the due ones (new events, retries, batches a dead worker left) to
 * `webhook-deliveries`, pass after pass until nothing is left or time runs short;
 * and deletes finished deliveries past their retention (the first pass of a minute).
 */
export const handler = createScheduledHandler('webhook-relay', WebhooksModule, async (app, context) => {
  const relay = app.get(WebhookRelay, { strict: false });
  let events = 0;
  let sent = 0;
  let pruned = 0;
  while ((context.getRemainingTimeInMillis?.() ?? Infinity) > PASS_MARGIN_MS) {
    const pass = await relay.relay(10);
    events += pass.events;
    sent += pass.sent;
    pruned += pass.pruned;
    if (pass.events === 0 && pass.sent === 0) break;
  }
  return { events, sent, pruned };
});
