/**
 * `npm run bench:webhooks`: outbound webhook delivery in the one process, end
 * to end, to a local receiver that fails a share of requests at random.
 *
 * The built server runs as a child process on a fresh database; one webhook
 * subscribes to `contact.created`, and a receiver on loopback verifies every
 * signature and answers 500 to BENCH_FAIL_RATE of requests at random.
 *
 * 1. Sustained: events are committed to the event outbox at BENCH_RATE a
 *    second (every 100 ms, as features record them) for BENCH_SECONDS; the
 *    receiver's 2xx per second over that window is the end-to-end rate, and the
 *    run ends when every event id has had a 2xx (the retry tail).
 * 2. Backlog: BENCH_EVENTS events committed at once; the rate at which first
 *    attempts drain them.
 * Prints the figures and how many events were lost (must be 0).
 *
 * Options (env): BENCH_RATE (500), BENCH_SECONDS (20), BENCH_EVENTS (10000),
 * BENCH_FAIL_RATE (0.2), BENCH_RETRY_BASE_SECONDS (1).
 */
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { startServer } from '../faults/support/server.js';
import { startTestIssuer } from '../support/auth.js';
import { createTestDatabase } from '../support/test-database.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const BACKLOG = Number(process.env.BENCH_EVENTS ?? 10_000);
const FAIL_RATE = Number(process.env.BENCH_FAIL_RATE ?? 0.2);
const TICK_MS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const issuer = await startTestIssuer();
const db = await createTestDatabase();
const sql = new pg.Client({ connectionString: db.url });
const server = await startServer({
  ...issuer.env,
  DATABASE_URL: db.url,
  LOG_LEVEL: 'warn',
  WEBHOOK_RETRY_BASE_SECONDS: process.env.BENCH_RETRY_BASE_SECONDS ?? '1',
});
const receivers: WebhookReceiver[] = [];

/** Commits `n` contact.created events of `tenant` to the outbox in one statement. */
const record = (tenant: string, n: number) =>
  sql.query(
    `INSERT INTO event_outbox (id, tenant_id, type, occurred_at, payload)
     SELECT id, $1, 'contact.created', clock_timestamp(), jsonb_build_object('eventId', id, 'type', 'contact.created', 'occurredAt', clock_timestamp(), 'tenantId', $1::text,
       'data', jsonb_build_object('id', gen_random_uuid(), 'name', 'Bench ' || n, 'phone', '+1720' || lpad(n::text, 7, '0')))
     FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, $2) AS n) AS e`,
    [tenant, n],
  );

/** A tenant with one webhook to a fresh failing receiver. */
async function subscribedTenant(tenant: string): Promise<WebhookReceiver> {
  const receiver = await startWebhookReceiver(() => (Math.random() < FAIL_RATE ? 500 : 200));
  receivers.push(receiver);
  const token = await issuer.token({ tenant, role: 'admin' });
  const res = await fetch(`${server.url}/v1/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: receiver.url, events: ['contact.created'] }),
  });
  if (res.status !== 201) throw new Error(`subscribe: ${res.status} ${await res.text()}`);
  receiver.secrets.push(((await res.json()) as { secret: string }).secret);
  return receiver;
}

/** Waits until the receiver has had a 2xx for `total` event ids (or 10 minutes). */
async function allDelivered(receiver: WebhookReceiver, total: number): Promise<void> {
  const deadline = performance.now() + 600_000;
  while (receiver.deliveredEventIds().size < total && performance.now() < deadline) await sleep(50);
}

const summary = (receiver: WebhookReceiver, total: number) => {
  const ok = receiver.received.filter((r) => r.answered >= 200 && r.answered < 300).length;
  const delivered = receiver.deliveredEventIds().size;
  return {
    requests: receiver.received.length,
    failedAnswers: receiver.received.length - ok,
    lost: total - delivered,
    duplicates: ok - delivered,
    badSignatures: receiver.received.filter((r) => !r.signatureValid).length,
  };
};

try {
  await sql.connect();
  const loadAverage = loadavg()[0]!.toFixed(1);

  // 1. Sustained.
  const sustained = await subscribedTenant('bench-sustained');
  const total = RATE * SECONDS;
  const started = performance.now();
  for (let tick = 0; tick < (SECONDS * 1000) / TICK_MS; tick++) {
    await record('bench-sustained', (RATE * TICK_MS) / 1000);
    const due = started + (tick + 1) * TICK_MS;
    if (performance.now() < due) await sleep(due - performance.now());
  }
  const producedMs = performance.now() - started;
  const deliveredWhileProducing = sustained.deliveredEventIds().size;
  await allDelivered(sustained, total);
  const sustainedMs = performance.now() - started;

  // 2. Backlog.
  const backlog = await subscribedTenant('bench-backlog');
  const backlogStarted = performance.now();
  await record('bench-backlog', BACKLOG);
  let firstPassMs = 0;
  while (seenEvents(backlog) < BACKLOG && performance.now() - backlogStarted < 600_000) await sleep(50);
  firstPassMs = performance.now() - backlogStarted;
  await allDelivered(backlog, BACKLOG);
  const backlogMs = performance.now() - backlogStarted;

  const figures = {
    loadAverage,
    failRate: FAIL_RATE,
    sustained: {
      offeredPerSecond: RATE,
      seconds: SECONDS,
      events: total,
      deliveredPerSecondWhileOffered: Math.round(deliveredWhileProducing / (producedMs / 1000)),
      endToEndPerSecond: Math.round(total / (sustainedMs / 1000)),
      allDeliveredAfterSeconds: +(sustainedMs / 1000).toFixed(1),
      ...summary(sustained, total),
    },
    backlog: {
      events: BACKLOG,
      firstAttemptsPerSecond: Math.round(BACKLOG / (firstPassMs / 1000)),
      allDeliveredAfterSeconds: +(backlogMs / 1000).toFixed(1),
      ...summary(backlog, BACKLOG),
    },
  };
  console.log(JSON.stringify(figures, null, 2));
  const s = figures.sustained;
  console.log(
    `\nSustained ${RATE} events/s for ${SECONDS} s, receiver failing ${FAIL_RATE * 100} %: ${s.deliveredPerSecondWhileOffered} events/s delivered while offered, ` +
      `all ${total} in ${s.allDeliveredAfterSeconds} s (${s.endToEndPerSecond}/s, retry tail included), ${s.lost} lost, ${s.duplicates} duplicates.` +
      `\nBacklog of ${BACKLOG}: first attempts at ${figures.backlog.firstAttemptsPerSecond} events/s, all in ${figures.backlog.allDeliveredAfterSeconds} s, ${figures.backlog.lost} lost.` +
      `\n(load average at start ${loadAverage} on ${cpus().length} cores shared with other work)`,
  );
  if (s.lost > 0 || figures.backlog.lost > 0 || s.badSignatures > 0 || figures.backlog.badSignatures > 0) process.exitCode = 1;
} finally {
  await server.stop();
  for (const r of receivers) await r.close();
  await sql.end();
  await db.drop();
  await issuer.close();
}

/** Event ids the receiver has seen at least once (any answer). */
function seenEvents(r: WebhookReceiver): number {
  return new Set(r.received.map((x) => x.body.eventId)).size;
}
