import 'reflect-metadata';
import { ContactsModule, ImportOutboxRelay } from '#switchboard/contacts';
import { createScheduledHandler } from '#switchboard/lambda';

/** A batch (one transaction, one SQS send) starts only with this much of the invocation left, so a long backlog ends cleanly and the next tick goes on. */
const BATCH_MARGIN_MS = 3_000;

/**
 * Every minute (EventBridge), sends the import outbox's unsent messages: those
 * a contacts function committed and then never sent (it died or timed out in
 * between). A message its own request is sending at the same moment is locked
 * (SKIP LOCKED), so it is sent once.
 */
export const handler = createScheduledHandler('contact-import-outbox-relay', ContactsModule, async (app, context) => {
  const relay = app.get(ImportOutboxRelay, { strict: false });
  let sent = 0;
  while ((context.getRemainingTimeInMillis?.() ?? Infinity) > BATCH_MARGIN_MS) {
    const batch = await relay.relay({}, 1);
    if (batch === 0) break;
    sent += batch;
  }
  return { sent };
});
