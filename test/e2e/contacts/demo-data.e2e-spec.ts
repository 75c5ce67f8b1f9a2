import { CallsModule, type CallDto } from '#switchboard/calls';
import { CampaignsModule, type CampaignDto } from '#switchboard/campaigns';
import type { Page } from '#switchboard/common';
import { ContactsModule, type ContactDto } from '#switchboard/contacts';
import { ReportsModule, type AgentsReportDto, type CampaignReportDto } from '#switchboard/reports';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { seedDemoData } from '../../../scripts/demo-data.js';
import { startTestIssuer, type TestIssuer } from '../../support/auth.js';
import { apiClient, type ApiResponse } from '../../support/feature-harness.js';
import { startFeatureApp, type TestApp } from '../../support/test-app.js';

describe('npm run demo:data', () => {
  let issuer: TestIssuer;
  let t: TestApp;
  let supervisor: string;
  let summary: string;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    t = await startFeatureApp([ContactsModule, CampaignsModule, CallsModule, ReportsModule], {
      env: { ...issuer.env, SQS_ENDPOINT: undefined, QUEUE_NAME_PREFIX: `demo-${randomBytes(4).toString('hex')}-` },
    });
    summary = await t.app.get(DataSource).transaction((tx) => seedDemoData(tx, 'acme'));
    supervisor = await issuer.token({ tenant: 'acme', role: 'supervisor', sub: 'dev|acme|supervisor' });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  const get = <T>(path: string, token = supervisor) => apiClient(t.url)<T>('GET', path, token);

  it('gives the tenant 1,000 contacts, reachable page by page', async () => {
    let cursor: string | null = null;
    let seen = 0;
    do {
      const { body }: ApiResponse<Page<ContactDto>> = await get(`/v1/contacts?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      seen += body.items.length;
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toBe(1000);
    expect((await get<Page<ContactDto>>('/v1/contacts?status=do_not_call')).body.items.length).toBeGreaterThan(0);
    expect(summary).toMatch(/Tenant acme: 6 agents, 1000 contacts, 2 campaigns/);
  });

  it('gives it two campaigns, one active that hands out a contact now', async () => {
    const { body } = await get<Page<CampaignDto>>('/v1/campaigns');
    expect(body.items.map((c: { name: string; status: string }) => `${c.name}:${c.status}`).sort()).toEqual([
      'Enterprise upsell:paused',
      'Spring renewals:active',
    ]);
    const active = body.items.find((c: { status: string }) => c.status === 'active');
    const agent = await issuer.token({ tenant: 'acme', role: 'agent', sub: 'dev|acme|agent' });
    const res = await fetch(`${t.url}/v1/campaigns/${active!.id}/next-contact`, { method: 'POST', headers: { authorization: `Bearer ${agent}` } });
    expect(res.status).toBe(200);
    const { contact } = (await res.json()) as { contact: { status: string } };
    expect(contact.status).not.toBe('do_not_call');
  });

  it('gives it call history that the reports and the call list show', async () => {
    const campaigns = (await get<Page<CampaignDto>>('/v1/campaigns')).body.items;
    for (const campaign of campaigns) {
      const report = await get<CampaignReportDto>(`/v1/reports/campaigns/${campaign.id}`);
      expect(report.status).toBe(200);
      expect(report.body.calls).toBeGreaterThan(100);
      expect(report.body.answered).toBeGreaterThan(0);
      expect(report.body.answerRate).toBeGreaterThan(0);
      expect(report.body.answerRate).toBeLessThan(1);
    }
    const agents = await get<AgentsReportDto>('/v1/reports/agents');
    // Five agents made calls; the admin is listed too, for its time offline.
    expect(agents.body.items.filter((i) => i.calls > 0)).toHaveLength(5);
    expect(agents.body.items).toHaveLength(6);
    expect(agents.body.items.filter((i) => i.stateSeconds.break > 0 && i.breaks[0]?.reason === 'lunch')).toHaveLength(1);
    const calls = await get<Page<CallDto>>('/v1/calls?limit=5');
    expect(calls.body.items).toHaveLength(5);
  });

  it('refuses to seed a tenant that has data, unless told to reset it', async () => {
    const db = t.app.get(DataSource);
    await expect(db.transaction((tx) => seedDemoData(tx, 'acme'))).rejects.toThrow(/already has 1000 contacts/);
    await expect(db.transaction((tx) => seedDemoData(tx, 'acme', true))).resolves.toMatch(/1000 contacts/);
    const { rows } = await import('pg').then(async ({ default: pg }) => {
      const c = new pg.Client({ connectionString: t.db.url });
      await c.connect();
      try {
        return await c.query(
          `SELECT (SELECT count(*)::int FROM contacts WHERE tenant_id = 'acme') AS contacts, (SELECT count(*)::int FROM campaigns WHERE tenant_id = 'acme') AS campaigns, (SELECT count(*)::int FROM agents WHERE tenant_id = 'acme') AS agents`,
        );
      } finally {
        await c.end();
      }
    });
    expect(rows[0]).toEqual({ contacts: 1000, campaigns: 2, agents: 6 });
  });
});
