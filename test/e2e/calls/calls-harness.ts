import type { Type } from '@nestjs/common';
import { GetQueueAttributesCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { randomBytes } from 'node:crypto';
import type { FixedClock } from '#switchboard/common';
import { CallsModule, signTelephonyPayload } from '#switchboard/calls';
import { CampaignsModule, type CampaignDto } from '#switchboard/campaigns';
import { ContactsModule, type ContactDto } from '#switchboard/contacts';
import { QueueUrls, SqsConnection } from '#switchboard/queue';
import { startFeatureHarness, waitFor, type ApiResponse, type FeatureHarness } from '../../support/feature-harness.js';
import type { TestApp } from '../../support/test-app.js';

export { waitFor, type ApiResponse } from '../../support/feature-harness.js';

export interface CallsHarness extends FeatureHarness {
  /** Creates a contact through the API; returns its id and phone. */
  createContact(token: string, phone?: string): Promise<{ id: string; phone: string }>;
  /** Creates an active campaign (admin token) holding `contactIds`. */
  createCampaign(adminToken: string, contactIds?: string[]): Promise<string>;
  /** The agent row id of a subject, once provisioned. */
  agentIdOf(tenant: string, sub: string): Promise<string | null>;
  campaignContactState(campaignId: string, contactId: string): Promise<{ state: string; leased_to: string | null } | undefined>;
}

/** A tenant name no other test file uses (shared Redis: cache keys are per tenant). */
export const newTenant = (label = 't') => `${label}-${randomBytes(4).toString('hex')}`;

let phoneSeq = 0;
/** A valid US number, unique within this test file. */
export const nextPhone = () => `+1202555${String(++phoneSeq % 10_000).padStart(4, '0')}`;

/**
 * Boots the calls feature with the contacts and campaigns features its tests set
 * data up through (plus `modules`) on a fresh database behind a real token issuer,
 * with Redis as the cache (a key prefix of its own) and the embedded SQS. The calls
 * module alone mounts only `/v1/calls` (test/e2e/platform/module-boundaries).
 */
export async function startCallsHarness(options: { modules?: Type[]; env?: Record<string, string>; clock?: FixedClock } = {}): Promise<CallsHarness> {
  const env = {
    REDIS_URL: 'redis://127.0.0.1:6379',
    CACHE_KEY_PREFIX: `test-${randomBytes(4).toString('hex')}:`,
    SQS_ENDPOINT: undefined as unknown as string,
    QUEUE_NAME_PREFIX: `calls-${randomBytes(3).toString('hex')}-`,
    TELEPHONY_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ...options.env,
  };
  const base = await startFeatureHarness([CallsModule, ContactsModule, CampaignsModule, ...(options.modules ?? [])], { env, clock: options.clock });
  const { api, sql } = base;

  return {
    ...base,
    createContact: async (token, phone = nextPhone()) => {
      const res = await api<ContactDto>('POST', '/v1/contacts', token, { name: `Contact ${phone}`, phone });
      if (res.status !== 201) throw new Error(`create contact: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: res.body.id, phone: res.body.phone };
    },
    createCampaign: async (adminToken, contactIds = []) => {
      // Round the clock: the token's tenant's legal calling hours opened to match the window.
      const tenant = (JSON.parse(Buffer.from(adminToken.split('.')[1]!, 'base64url').toString()) as { org_id: string }).org_id;
      await sql.query(
        `INSERT INTO tenant_settings (tenant_id, calling_hours_start, calling_hours_end) VALUES ($1, '00:00', '23:59')
         ON CONFLICT (tenant_id) DO UPDATE SET calling_hours_start = '00:00', calling_hours_end = '23:59'`,
        [tenant],
      );
      const created = await api<CampaignDto>('POST', '/v1/campaigns', adminToken, {
        name: 'Renewals',
        callerId: '+12025550100',
        timezone: 'UTC',
        window: { start: '00:00', end: '23:59' },
      });
      if (created.status !== 201) throw new Error(`create campaign: ${created.status} ${JSON.stringify(created.body)}`);
      const id = created.body.id;
      if (contactIds.length) {
        const added = await api('POST', `/v1/campaigns/${id}/contacts`, adminToken, { contactIds });
        if (added.status !== 200) throw new Error(`add contacts: ${added.status} ${JSON.stringify(added.body)}`);
      }
      const started = await api('POST', `/v1/campaigns/${id}/start`, adminToken);
      if (started.status !== 200) throw new Error(`start campaign: ${started.status} ${JSON.stringify(started.body)}`);
      return id;
    },
    agentIdOf: async (tenant, sub) => {
      const { rows } = await sql.query('SELECT id FROM agents WHERE tenant_id = $1 AND sub = $2', [tenant, sub]);
      return rows[0]?.id ?? null;
    },
    campaignContactState: async (campaignId, contactId) => {
      const { rows } = await sql.query('SELECT state, leased_to FROM campaign_contacts WHERE campaign_id = $1 AND contact_id = $2', [campaignId, contactId]);
      return rows[0];
    },
  };
}

/** Messages visible plus in flight on the call-events queue (0 once every message is handled and deleted). */
export async function callEventsDepth(t: TestApp): Promise<number> {
  const url = await t.app.get(QueueUrls).url('call-events');
  const out = await t.app
    .get(SqsConnection)
    .client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

/** Waits until every call-events message sent so far is handled and deleted. */
export const drained = (t: TestApp) => waitFor(async () => (await callEventsDepth(t)) === 0);

/** Receives from the call-events DLQ until a message matching `match` arrives; deletes nothing. */
export async function deadLettered(t: TestApp, match: (m: Message) => boolean): Promise<Message> {
  const url = await t.app.get(QueueUrls).dlqUrl('call-events');
  return waitFor(async () => {
    const out = await t.app
      .get(SqsConnection)
      .client.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 0, MessageAttributeNames: ['All'] }),
      );
    return (out.Messages ?? []).find(match);
  });
}

/** Creates a signing key of the admin token's tenant through the admin API: its id (the header's kid) and its secret. */
export async function createSigningKey(h: Pick<FeatureHarness, 'api'>, adminToken: string): Promise<{ id: string; secret: string }> {
  const res = await h.api<{ id: string; secret: string }>('POST', '/v1/telephony/signing-keys', adminToken);
  if (res.status !== 201) throw new Error(`create signing key: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The development webhook secret (any tenant, no kid) the harness apps are configured with unless a test says otherwise. */
export const WEBHOOK_SECRET = 'test-webhook-secret';

/** POSTs a body to the telephony webhook, signed like a provider would (`header` replaces the signature); `T` names the body the caller reads. */
export async function postEvent<T = unknown>(
  t: TestApp,
  event: unknown,
  opts: { secrets?: string[]; kids?: string[]; timestamp?: number; header?: string | null } = {},
): Promise<ApiResponse<T>> {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  const signature =
    opts.header !== undefined
      ? opts.header
      : signTelephonyPayload(opts.secrets ?? [WEBHOOK_SECRET], body, opts.timestamp ?? Date.now() / 1000, opts.kids ?? []);
  const res = await fetch(`${t.url}/v1/telephony/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-switchboard-signature': signature }) },
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T };
}
