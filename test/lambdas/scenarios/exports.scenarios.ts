import { parse } from 'csv-parse/sync';
import { newPhone, newTenant, type Page, type Resource, type Topology } from '../support/topology.js';
import { eventually, expectProblem, expectStatus, type Scenario } from './scenario.js';

interface ExportBody extends Resource {
  status: string;
  rowCount: number;
  downloadUrl: string | null;
}

/** Polls the export until it is finished, letting the exports worker run. */
const finished = (t: Topology, token: string, id: string) =>
  eventually(t, async () => {
    const res = await t.request<ExportBody>('GET', `/v1/exports/${id}`, { token });
    expectStatus(res, 200);
    return res.body.status === 'completed' || res.body.status === 'failed' ? res.body : undefined;
  });

/**
 * The file behind a download link: an S3 presigned URL (the bundled functions, against
 * the emulator's S3) is fetched as is; a local link is a path on the one-process API.
 */
async function downloaded(t: Topology, url: string): Promise<Record<string, string>[]> {
  let text: string;
  if (/^https?:\/\//.test(url)) {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    text = await res.text();
  } else {
    const res = await t.request<string>('GET', url);
    expectStatus(res, 200);
    text = res.body;
  }
  return parse(text, { bom: true, columns: true }) as Record<string, string>[];
}

export const exportsScenarios: Scenario[] = [
  {
    feature: 'exports',
    name: "a contacts export → 202, completed by the exports worker with the list API's count; the link downloads the CSV, formulas neutralised",
    run: async (t) => {
      const supervisor = await t.token({ tenant: newTenant('exports'), role: 'supervisor' });
      for (const name of ['Ada', '=1+1', 'Grace']) {
        expectStatus(await t.request('POST', '/v1/contacts', { token: supervisor, body: { name, phone: newPhone(), tags: ['export'] } }), 201);
      }
      expectStatus(await t.request('POST', '/v1/contacts', { token: supervisor, body: { name: 'Untagged', phone: newPhone() } }), 201);
      const accepted = await t.request<Resource>('POST', '/v1/exports', {
        token: supervisor,
        body: { type: 'contacts', format: 'csv', filter: { tag: 'export' } },
      });
      expectStatus(accepted, 202);
      expect(accepted.body).toMatchObject({ status: 'queued' });
      const done = await finished(t, supervisor, accepted.body.id);
      const listed = await t.request<Page>('GET', '/v1/contacts?tag=export', { token: supervisor });
      expect(done).toMatchObject({ status: 'completed', rowCount: listed.body.items.length });
      const rows = await downloaded(t, done.downloadUrl!);
      expect(rows.map((r) => r.name).sort()).toEqual(["'=1+1", 'Ada', 'Grace']);
    },
  },
  {
    feature: 'exports',
    name: "an agent may not export (403); a bad filter → 400; another tenant's export → 404",
    run: async (t) => {
      const tenant = newTenant('exports');
      const agent = await t.token({ tenant, role: 'agent' });
      expectProblem(await t.request('POST', '/v1/exports', { token: agent, body: { type: 'calls' } }), 403, 'AUTH.MISSING_PERMISSION');
      const admin = await t.token({ tenant, role: 'admin' });
      const invalid = await t.request<{ errors: { field: string }[] }>('POST', '/v1/exports', {
        token: admin,
        body: { type: 'calls', filter: { agentId: 'x' } },
      });
      expectProblem(invalid, 400, 'VALIDATION');
      expect(invalid.body.errors.map((e) => e.field)).toEqual(['filter.agentId']);
      const accepted = await t.request<Resource>('POST', '/v1/exports', { token: admin, body: { type: 'calls' } });
      expectStatus(accepted, 202);
      const stranger = await t.token({ tenant: newTenant('exports'), role: 'admin' });
      expectProblem(await t.request('GET', `/v1/exports/${accepted.body.id}`, { token: stranger }), 404, 'EXPORT.NOT_FOUND');
      await finished(t, admin, accepted.body.id);
    },
  },
];
