import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page, Problem } from '#switchboard/common';
import type { ExportAcceptedDto, ExportDto } from '#switchboard/exports';
import { ExportsModule } from '#switchboard/exports';
import { fieldsOf } from '../../support/feature-harness.js';
import { newTenant, startCallsHarness, waitFor, type CallsHarness } from '../calls/calls-harness.js';

/** Black-box: what a supervisor's client does with /v1/exports, on embedded defaults (files in DATA_DIR, signed local links). */
describe('exports', () => {
  let h: CallsHarness;
  let dataDir: string;
  const tenant = newTenant('exports');
  let supervisor: string;
  let campaignId: string;
  let contactIds: string[];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'switchboard-exports-'));
    h = await startCallsHarness({ modules: [ExportsModule], env: { DATA_DIR: dataDir } });
    supervisor = await h.token({ tenant, role: 'supervisor' });
    // Five contacts, one named like a formula; four in an active campaign.
    contactIds = [];
    for (const name of ['Ada', '=HYPERLINK("http://evil.example","click")', 'Grace', 'Linus', 'Outsider']) {
      const created = await h.api<{ id: string }>('POST', '/v1/contacts', supervisor, { name, phone: nextPhone(), tags: name === 'Outsider' ? [] : ['vip'] });
      contactIds.push(created.body.id);
    }
    campaignId = await h.createCampaign(supervisor, contactIds.slice(0, 4));
    // Three calls in the campaign (two of its contacts done), one outside it.
    const call = (contactId: string, inCampaign: boolean, notes: string, minute: number) =>
      h.api('POST', '/v1/calls', supervisor, {
        contactId,
        ...(inCampaign ? { campaignId } : {}),
        direction: 'outbound',
        startedAt: `2026-12-01T10:${String(minute).padStart(2, '0')}:00Z`,
        endedAt: `2026-12-01T10:${String(minute).padStart(2, '0')}:30Z`,
        disposition: 'no_answer',
        notes,
      });
    for (const [i, [contact, inCampaign, notes]] of (
      [
        [contactIds[0], true, '+1 called back'],
        [contactIds[1], true, '@SUM(A1:A9)'],
        [contactIds[0], true, 'plain note'],
        [contactIds[4], false, '-2+3'],
      ] as const
    ).entries()) {
      const res = await call(contact!, inCampaign, notes, i);
      if (res.status !== 201) throw new Error(`log call: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }, 90_000);

  afterAll(async () => {
    await h?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  let phoneSeq = 0;
  function nextPhone(): string {
    return `+1303555${String(++phoneSeq).padStart(4, '0')}`;
  }

  /** A 202 answers an ExportAcceptedDto; a test reading another answer's body names its type. */
  const start = <T = ExportAcceptedDto>(body: unknown, token = supervisor) => h.api<T>('POST', '/v1/exports', token, body);
  const finished = (id: string, token = supervisor) =>
    waitFor(async () => {
      const res = await h.api<ExportDto>('GET', `/v1/exports/${id}`, token);
      return res.body.status === 'completed' || res.body.status === 'failed' ? res.body : undefined;
    });
  const download = async (url: string) => {
    const res = await fetch(new URL(url, h.t.url));
    // Buffer#toString keeps the byte order mark (Response#text would drop it).
    return { status: res.status, headers: res.headers, text: Buffer.from(await res.arrayBuffer()).toString('utf8') };
  };
  const rowsOf = (csv: string) => parse(csv, { bom: true, columns: true }) as Record<string, string>[];
  /** How many items the list API returns for `query`, page by page. */
  const apiCount = async (path: string) => {
    let count = 0;
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page: { body: Page<unknown> } = await h.api('GET', `${path}${sep}limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, supervisor);
      count += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor);
    return count;
  };

  it("exports a campaign's calls: 202, then completed with the list API's count and a link that downloads the CSV", async () => {
    const accepted = await start({ type: 'calls', format: 'csv', filter: { campaignId } });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'queued' });
    const done = await finished(accepted.body.id);
    expect(done).toMatchObject({ id: accepted.body.id, type: 'calls', format: 'csv', filter: { campaignId }, status: 'completed', failure: null });
    expect(done.rowCount).toBe(await apiCount(`/v1/calls?campaignId=${campaignId}`));
    expect(done.rowCount).toBe(3);
    expect(Date.parse(done.downloadUrlExpiresAt!) - Date.now()).toBeGreaterThan(14 * 60 * 1000);

    const file = await download(done.downloadUrl!);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="calls-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = rowsOf(file.text);
    expect(rows).toHaveLength(done.rowCount);
    expect(rows.every((r) => r.campaignId === campaignId)).toBe(true);
    // Newest first, as the list API; formula triggers neutralised with a leading quote.
    expect(rows.map((r) => r.notes)).toEqual(['plain note', "'@SUM(A1:A9)", "'+1 called back"]);
  });

  it('neutralises formula cells in a contacts export, whose count equals GET /v1/contacts with the same filter', async () => {
    const accepted = await start({ type: 'contacts', filter: { tag: 'vip' } });
    expect(accepted.status).toBe(202);
    const done = await finished(accepted.body.id);
    expect(done.status).toBe('completed');
    expect(done.rowCount).toBe(await apiCount('/v1/contacts?tag=vip'));
    expect(done.rowCount).toBe(4);
    const rows = rowsOf((await download(done.downloadUrl!)).text);
    expect(rows.map((r) => r.name)).toContain(`'=HYPERLINK("http://evil.example","click")`);
    expect(rows.every((r) => r.phone!.startsWith("'+1303555"))).toBe(true);
    expect(rows.every((r) => r.tags === 'vip')).toBe(true);
  });

  it("exports a campaign's contacts in one state", async () => {
    const pending = await finished((await start({ type: 'campaign-contacts', filter: { campaignId, state: 'pending' } })).body.id);
    const done = await finished((await start({ type: 'campaign-contacts', filter: { campaignId, state: 'done' } })).body.id);
    const all = await finished((await start({ type: 'campaign-contacts', filter: { campaignId } })).body.id);
    expect([pending.rowCount, done.rowCount, all.rowCount]).toEqual([2, 2, 4]);
    const rows = rowsOf((await download(done.downloadUrl!)).text);
    expect(rows.map((r) => r.contactId).sort()).toEqual([contactIds[0], contactIds[1]].sort());
    expect(rows.every((r) => r.state === 'done')).toBe(true);
  });

  it('an empty result is a file with the header only', async () => {
    const done = await finished((await start({ type: 'calls', filter: { from: '2030-01-01T00:00:00Z' } })).body.id);
    expect(done).toMatchObject({ status: 'completed', rowCount: 0 });
    const file = await download(done.downloadUrl!);
    expect(file.text.trim().split('\n')).toHaveLength(1);
    expect(file.text).toMatch(/^\uFEFFid,contactId,/);
  });

  it("keeps each tenant to its own exports: another tenant's is 404 and its own export sees none of the first tenant's rows", async () => {
    const mine = await start({ type: 'contacts' });
    const other = await h.token({ tenant: newTenant('other'), role: 'admin' });
    const res = await h.api<Problem>('GET', `/v1/exports/${mine.body.id}`, other);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'EXPORT.NOT_FOUND' });
    const theirs = await finished((await start({ type: 'contacts' }, other)).body.id, other);
    expect(theirs).toMatchObject({ status: 'completed', rowCount: 0 });
  });

  it('needs exports:write to start and exports:read to read; agents hold neither', async () => {
    const agent = await h.token({ tenant, role: 'agent' });
    expect((await start({ type: 'calls' }, agent)).status).toBe(403);
    const accepted = await start({ type: 'calls' });
    expect((await h.api('GET', `/v1/exports/${accepted.body.id}`, agent)).status).toBe(403);
    expect((await h.api('GET', `/v1/exports/${accepted.body.id}`)).status).toBe(401);
  });

  it('refuses a link whose signature or expiry was changed (403), and an unknown export (404)', async () => {
    const done = await finished((await start({ type: 'calls', filter: { campaignId } })).body.id);
    const url = new URL(done.downloadUrl!, h.t.url);
    const tampered = new URL(url);
    tampered.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
    const forged = await fetch(tampered);
    expect(forged.status).toBe(403);
    expect(forged.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await forged.json()).toMatchObject({ code: 'EXPORT.LINK_INVALID' });
    const expired = new URL(url);
    expired.searchParams.set('expires', '1');
    expect((await fetch(expired)).status).toBe(403);
    const noSignature = new URL(url);
    noSignature.searchParams.delete('signature');
    expect((await fetch(noSignature)).status).toBe(400);
    expect((await h.api<Problem>('GET', '/v1/exports/00000000-0000-4000-8000-000000000000', supervisor)).status).toBe(404);
  });

  it.each([
    [{ type: 'invoices' }, ['type:IS_IN']],
    [{ type: 'calls', format: 'xlsx' }, ['format:IS_IN']],
    [{ type: 'calls', filter: 'campaign' }, ['filter:IS_OBJECT']],
    [{ type: 'calls', filter: { campaignId: 'nope' } }, ['filter.campaignId:IS_UUID']],
    [{ type: 'calls', filter: { from: 'yesterday' } }, ['filter.from:IS_TIMESTAMP']],
    [{ type: 'calls', filter: { from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' } }, ['filter.to:NOT_AFTER_FROM']],
    [{ type: 'calls', filter: { tenantId: 'someone-else' } }, ['filter.tenantId:UNKNOWN_FIELD']],
    [{ type: 'contacts', filter: { status: 'gone' } }, ['filter.status:IS_IN']],
    [{ type: 'campaign-contacts', filter: {} }, ['filter.campaignId:IS_UUID']],
    [{ type: 'campaign-contacts', filter: { campaignId: '00000000-0000-4000-8000-000000000000', state: 'lost' } }, ['filter.state:IS_IN']],
    [{ type: 'calls', admin: true }, ['admin:UNKNOWN_FIELD']],
  ])('400 VALIDATION problem for %j', async (body, fields) => {
    const res = await start<Problem>(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION', type: 'https://switchboard.dev/problems/VALIDATION' });
    expect(fieldsOf(res.body)).toEqual(fields);
  });

  it('404 for a campaign-contacts export of a campaign the tenant does not have, and nothing is queued', async () => {
    const res = await start<Problem>({ type: 'campaign-contacts', filter: { campaignId: '00000000-0000-4000-8000-000000000000' } });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'CAMPAIGN.NOT_FOUND' });
    const { rows } = await h.sql.query(`SELECT count(*)::int AS n FROM exports WHERE filter->>'campaignId' = '00000000-0000-4000-8000-000000000000'`);
    expect(rows[0].n).toBe(0);
  });
});
