import type { KnownIds } from './openapi.js';
import type { TestIssuer } from '../../support/auth.js';
import { describe as describeOutcome, json, send } from './http.js';
import { waitFor } from './services.js';

const AREAS = ['202', '303', '404', '415', '512', '617', '718', '206', '312', '305'];

/** The i-th of 100,000 distinct, valid US phone numbers. */
export function phone(i: number): string {
  return `+1${AREAS[Math.floor(i / 10_000) % AREAS.length]}555${String(i % 10_000).padStart(4, '0')}`;
}

/** A tenant's tokens and a little of everything, made through the API. */
export interface World {
  tenant: string;
  admin: string;
  agent: string;
  agentId: string;
  contactIds: string[];
  campaignId: string;
  callId: string;
  importId: string;
  /** A do-not-call import, and the number it listed. */
  dncImportId: string;
  dncPhone: string;
  webhookId: string;
  signingKeyId: string;
  exportId: string;
  callbackId: string;
}

/** POST/GET through the API; throws unless the status is `expected`. */
export async function call<T = unknown>(baseUrl: string, method: string, path: string, token: string, body: unknown, expected: number): Promise<T> {
  const spec = json(method, path, token, body);
  const o = await send(baseUrl, spec);
  if (o.status !== expected) throw new Error(`seeding: ${describeOutcome(spec, o)}`);
  return o.body as T;
}

/**
 * Seeds a tenant: an admin and an agent (provisioned by their first request),
 * `contacts` contacts (phones from `phoneOffset`), an active campaign holding
 * them, a logged call and an import (waited for unless `settleImport` is false:
 * a server that does not consume its queues never finishes it).
 */
export async function seedWorld(baseUrl: string, issuer: TestIssuer, tenant: string, contacts = 5, phoneOffset = 0, settleImport = true): Promise<World> {
  const admin = await issuer.token({ tenant, role: 'admin', sub: `${tenant}|admin` });
  const agent = await issuer.token({ tenant, role: 'agent', sub: `${tenant}|agent`, name: 'Agent Smith' });
  const me = await call<{ id: string }>(baseUrl, 'GET', '/v1/me', agent, undefined, 200);
  const contactIds: string[] = [];
  for (let i = 0; i < contacts; i++) {
    const c = await call<{ id: string }>(baseUrl, 'POST', '/v1/contacts', agent, { name: `Contact ${i}`, phone: phone(phoneOffset + i), tags: ['seed'] }, 201);
    contactIds.push(c.id);
  }
  // A round-the-clock window needs the tenant's legal calling hours opened first.
  await call(baseUrl, 'PATCH', '/v1/tenant/settings', admin, { callingHours: { start: '00:00', end: '23:59' } }, 200);
  const campaign = await call<{ id: string }>(
    baseUrl,
    'POST',
    '/v1/campaigns',
    admin,
    {
      name: 'Renewals',
      callerId: '+12025550100',
      timezone: 'UTC',
      window: { start: '00:00', end: '23:59' },
    },
    201,
  );
  await call(baseUrl, 'POST', `/v1/campaigns/${campaign.id}/contacts`, admin, { contactIds }, 200);
  await call(baseUrl, 'POST', `/v1/campaigns/${campaign.id}/start`, admin, undefined, 200);
  const logged = await call<{ id: string }>(
    baseUrl,
    'POST',
    '/v1/calls',
    agent,
    {
      contactId: contactIds[0],
      campaignId: campaign.id,
      direction: 'outbound',
      startedAt: '2026-11-02T09:30:00Z',
      answeredAt: '2026-11-02T09:30:10Z',
      endedAt: '2026-11-02T09:33:00Z',
      disposition: 'sale',
    },
    201,
  );
  // A callback the agent owns, booked on the contact next-contact hands it (its id names campaign and contact).
  const handed = await call<{ contact: { id: string } }>(baseUrl, 'POST', `/v1/campaigns/${campaign.id}/next-contact`, agent, undefined, 200);
  const booked = {
    contactId: handed.contact.id,
    campaignId: campaign.id,
    direction: 'outbound',
    startedAt: '2026-11-02T09:40:00Z',
    endedAt: '2026-11-02T09:41:00Z',
    disposition: 'callback',
    callback: { at: new Date(Date.now() + 86_400_000).toISOString(), owner: 'me' },
  };
  await call(baseUrl, 'POST', '/v1/calls', agent, booked, 201);
  const callbackId = Buffer.from(`${campaign.id}:${handed.contact.id}`).toString('base64url');
  const started = await call<{ id: string }>(
    baseUrl,
    'POST',
    '/v1/contact-imports',
    admin,
    { contacts: [{ name: 'Imported', phone: phone(phoneOffset + contacts) }] },
    202,
  );
  // One row of each resource that has its own id, paused or idle so it changes nothing behind a scenario's back.
  const webhook = await call<{ id: string }>(
    baseUrl,
    'POST',
    '/v1/webhooks',
    admin,
    { url: 'http://localhost:9/hooks', events: ['contact.created'], description: 'Seeded' },
    201,
  );
  await call(baseUrl, 'PATCH', `/v1/webhooks/${webhook.id}`, admin, { paused: true }, 200);
  const signingKey = await call<{ id: string }>(baseUrl, 'POST', '/v1/telephony/signing-keys', admin, undefined, 201);
  const exported = await call<{ id: string }>(baseUrl, 'POST', '/v1/exports', admin, { type: 'calls', filter: {}, format: 'csv' }, 202);
  const dncPhone = phone(phoneOffset + contacts + 1);
  const dncImport = await call<{ id: string }>(baseUrl, 'POST', '/v1/dnc/imports', admin, { numbers: [{ phone: dncPhone, reason: 'Seeded' }] }, 202);
  // Settled before the scenario starts, so nothing changes the database behind its back.
  if (settleImport) {
    for (const path of [`/v1/contact-imports/${started.id}`, `/v1/dnc/imports/${dncImport.id}`]) {
      await waitFor(
        'the seeded imports to complete',
        async () => (await call<{ status: string }>(baseUrl, 'GET', path, admin, undefined, 200)).status === 'completed',
      );
    }
  }
  return {
    tenant,
    admin,
    agent,
    agentId: me.id,
    contactIds,
    campaignId: campaign.id,
    callId: logged.id,
    importId: started.id,
    dncImportId: dncImport.id,
    dncPhone,
    webhookId: webhook.id,
    signingKeyId: signingKey.id,
    exportId: exported.id,
    callbackId,
  };
}

/** The world's rows by the resource a request names (`pathIdFor`, `validValue`). */
export function knownIdsOf(world: World): KnownIds {
  return {
    agent: world.agentId,
    contact: world.contactIds[1]!,
    campaign: world.campaignId,
    call: world.callId,
    contactImport: world.importId,
    dncImport: world.dncImportId,
    dncPhone: world.dncPhone,
    webhook: world.webhookId,
    signingKey: world.signingKeyId,
    export: world.exportId,
    callback: world.callbackId,
  };
}
