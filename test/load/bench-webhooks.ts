/**
 * `npm run bench:webhooks`: outbound webhook delivery in the one process, end
 * to end, to a local receiver that fails a share of requests at random.
 *
 * The built server runs as a child process on a fresh database; one webhook
 * subscribes to `contact.created`. BENCH_EVENTS events (default 10,000) are
 * committed to the event outbox in one statement (as features record them),
 * and the clock runs from that commit until the receiver has answered 2xx to
 * every event id. Prints events/s end to end, the first-attempt rate, retries,
 * duplicates, and how many events were lost (must be 0).
 *
 * Options (env): BENCH_EVENTS (10000), BENCH_FAIL_RATE (0.2), BENCH_RETRY_BASE_SECONDS (1).
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import { startServer } from '../faults/support/server.js';
import { startTestIssuer } from '../support/auth.js';
import { createTestDatabase } from '../support/test-database.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const FAIL_RATE = Number(process.env.BENCH_FAIL_RATE ?? 0.2);
const TENANT = 'bench-webhooks';

const issuer = await startTestIssuer();
const db = await createTestDatabase();
const sql = new pg.Client({ connectionString: db.url });
const receiver = await startWebhookReceiver(() => (Math.random() < FAIL_RATE ? 500 : 200));
const server = await startServer({
  ...issuer.env,
  DATABASE_URL: db.url,
  LOG_LEVEL: 'warn',
  WEBHOOK_RETRY_BASE_SECONDS: process.env.BENCH_RETRY_BASE_SECONDS ?? '1',
});
try {
  await sql.connect();
  const token = await issuer.token({ tenant: TENANT, role: 'admin' });
  const res = await fetch(`${server.url}/v1/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: receiver.url, events: ['contact.created'] }),
  });
  if (res.status !== 201) throw new Error(`subscribe: ${res.status} ${await res.text()}`);
  receiver.secrets.push(((await res.json()) as { secret: string }).secret);

  const loadAtStart = loadavg()[0]!.toFixed(1);
  const started = performance.now();
  await sql.query(
    `INSERT INTO event_outbox (id, tenant_id, type, occurred_at, payload)
     SELECT id, $1, 'contact.created', now(), jsonb_build_object('eventId', id, 'type', 'contact.created', 'occurredAt', now(), 'tenantId', $1::text,
       'data', jsonb_build_object('id', gen_random_uuid(), 'name', 'Bench ' || n, 'phone', '+1720' || lpad(n::text, 7, '0')))
     FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, $2) AS n) AS e`,
    [TENANT, EVENTS],
  );
  let firstPassMs = 0;
  for (;;) {
    const seen = new Set(receiver.received.map((r) => r.body.eventId)).size;
    if (!firstPassMs && seen === EVENTS) firstPassMs = performance.now() - started;
    if (receiver.deliveredEventIds().size === EVENTS) break;
    if (performance.now() - started > 600_000) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const totalMs = performance.now() - started;
  const delivered = receiver.deliveredEventIds().size;
  const ok = receiver.received.filter((r) => r.answered >= 200 && r.answered < 300);
  const duplicates = ok.length - delivered;
  const badSignatures = receiver.received.filter((r) => !r.signatureValid).length;
  const { rows } = await sql.query(`SELECT status, count(*)::int AS n FROM webhook_deliveries GROUP BY status ORDER BY status`);
  const figures = {
    events: EVENTS,
    failRate: FAIL_RATE,
    loadAverageAtStart: loadAtStart,
    requests: receiver.received.length,
    failedAnswers: receiver.received.length - ok.length,
    firstAttemptPerSecond: Math.round((EVENTS / firstPassMs) * 1000),
    endToEndPerSecond: Math.round((EVENTS / totalMs) * 1000),
    allDeliveredSeconds: +(totalMs / 1000).toFixed(1),
    lost: EVENTS - delivered,
    duplicates,
    badSignatures,
    deliveryLog: Object.fromEntries(rows.map((r: { status: string; n: number }) => [r.status, r.n])),
  };
  console.log(JSON.stringify(figures, null, 2));
  console.log(
    `\n${EVENTS} events, receiver failing ${FAIL_RATE * 100} % at random: every event at least once in ${figures.allDeliveredSeconds} s ` +
      `(${figures.endToEndPerSecond} events/s end to end, retries included); first attempts at ${figures.firstAttemptPerSecond} events/s; ` +
      `${figures.lost} lost, ${duplicates} duplicates, ${badSignatures} bad signatures.`,
  );
  if (figures.lost > 0 || badSignatures > 0) process.exitCode = 1;
} finally {
  await server.stop();
  await receiver.close();
  await sql.end();
  await db.drop();
  await issuer.close();
}
