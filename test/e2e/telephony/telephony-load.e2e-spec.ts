import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { TelephonyModule } from '#switchboard/calls';
import { QueueUrls, SqsConnection } from '#switchboard/queue';
import { type CallsHarness, drained, newTenant, postEvent, startCallsHarness, waitFor } from '../calls/calls-harness.js';
import { shuffle } from '../../support/shuffle.js';

const CALLS = 2_500;
const EVENTS_PER_CALL = 4;
const KNOWN_CONTACTS = 100;
const CONCURRENCY = 32;

describe('call events under load', () => {
  let h: CallsHarness;
  const tenant = newTenant('load');

  beforeAll(async () => {
    h = await startCallsHarness({ modules: [TelephonyModule] });
  });
  afterAll(() => h?.close());

  it(`applies ${CALLS * EVENTS_PER_CALL} webhook events, in shuffled order, none lost`, async () => {
    const agent = await h.token({ tenant, role: 'agent', sub: 'load-agent' });
    const contacts: { id: string; phone: string }[] = [];
    for (let i = 0; i < KNOWN_CONTACTS; i++) contacts.push(await h.createContact(agent, `+1303555${String(i).padStart(4, '0')}`));
    const campaignId = await h.createCampaign(
      await h.token({ tenant, role: 'admin' }),
      contacts.map((c) => c.id),
    );

    const events = shuffle(
      Array.from({ length: CALLS }, (_, i) => {
        const known = i < KNOWN_CONTACTS;
        const base = {
          tenantId: tenant,
          callId: `CA-load-${i}`,
          contactPhone: known ? contacts[i]!.phone : `+1404555${String(i).padStart(4, '0')}`,
          agentSub: 'load-agent',
          ...(known ? { campaignId } : {}),
        };
        const minute = String(i % 60).padStart(2, '0');
        return [
          { ...base, eventId: randomUUID(), type: 'call.started', occurredAt: `2026-11-02T10:${minute}:00Z` },
          { ...base, eventId: randomUUID(), type: 'call.answered', occurredAt: `2026-11-02T10:${minute}:05Z` },
          { ...base, eventId: randomUUID(), type: 'call.ended', occurredAt: `2026-11-02T10:${minute}:45Z`, disposition: i % 2 ? 'sale' : 'voicemail' },
          {
            ...base,
            eventId: randomUUID(),
            type: 'recording.ready',
            occurredAt: `2026-11-02T10:${minute}:50Z`,
            recordingUrl: `https://rec.example.com/${i}.mp3`,
          },
        ];
      }).flat(),
    );
    expect(events).toHaveLength(CALLS * EVENTS_PER_CALL);

    const statuses = new Map<number, number>();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < events.length) {
          const { status } = await postEvent(h.t, events[next++]!);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    const accepted = performance.now();
    expect(Object.fromEntries(statuses)).toEqual({ 202: events.length });

    const applied = async () => (await h.sql.query('SELECT count(*)::int AS n FROM call_events WHERE tenant_id = $1', [tenant])).rows[0].n as number;
    const appliedDuringIntake = await applied();
    await waitFor(async () => (await applied()) === events.length, 100);
    const done = performance.now();
    await drained(h.t);

    const { rows } = await h.sql.query(
      `SELECT count(*)::int AS calls,
              count(*) FILTER (WHERE started_at IS NOT NULL AND answered_at IS NOT NULL AND ended_at IS NOT NULL
                               AND disposition IS NOT NULL AND recording_url IS NOT NULL AND agent_id IS NOT NULL)::int AS complete,
              count(contact_id)::int AS linked
       FROM calls WHERE tenant_id = $1`,
      [tenant],
    );
    expect(rows[0]).toEqual({ calls: CALLS, complete: CALLS, linked: KNOWN_CONTACTS });
    const contacted = await h.sql.query(`SELECT count(*)::int AS n FROM contacts WHERE tenant_id = $1 AND status = 'contacted'`, [tenant]);
    expect(contacted.rows[0].n).toBe(KNOWN_CONTACTS);
    const settled = await h.sql.query(`SELECT count(*)::int AS n FROM campaign_contacts WHERE campaign_id = $1 AND state = 'done'`, [campaignId]);
    expect(settled.rows[0].n).toBe(KNOWN_CONTACTS);
    const dlq = await h.t.app
      .get(SqsConnection)
      .client.send(
        new GetQueueAttributesCommand({ QueueUrl: await h.t.app.get(QueueUrls).dlqUrl('call-events'), AttributeNames: ['ApproximateNumberOfMessages'] }),
      );
    expect(Number(dlq.Attributes?.ApproximateNumberOfMessages)).toBe(0);

    const seconds = (ms: number) => (ms / 1000).toFixed(2);
    console.log(
      `call-events load: ${events.length} events (${CALLS} calls) — webhook intake ${seconds(accepted - started)} s ` +
        `(${Math.round(events.length / ((accepted - started) / 1000))} events/s at concurrency ${CONCURRENCY}); ` +
        `${appliedDuringIntake} applied meanwhile; all applied after ${seconds(done - started)} s ` +
        `(${Math.round(events.length / ((done - started) / 1000))} events/s end to end; ` +
        `backlog drained at ${Math.round((events.length - appliedDuringIntake) / ((done - accepted) / 1000))} events/s once intake stopped)`,
    );
  }, 600_000);
});
