import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot } from './support/browser.js';
import { startConsoleServer, type ConsoleServer } from './support/console-server.js';

// The agent console in a real browser against the real one-process server:
// a supervisor sets up a campaign, an agent works it, the supervisor's report moves.

const TENANT = 'acme';
const CAMPAIGN = 'Spring renewals';
const DEMO_CONTACTS = [
  { name: 'Ada Lovelace', phone: '+14155550101', email: 'ada@example.com', tags: ['vip'] },
  { name: 'Grace Hopper', phone: '+14155550102', email: 'grace@example.com' },
  { name: 'Alan Turing', phone: '+14155550103' },
];

let server: ConsoleServer;
let browser: Browser;
let supervisorContext: BrowserContext;
let supervisor: Page;
/** Uncaught errors in any page: every test ends by checking there were none. */
const pageErrors: Error[] = [];
/** Every URL the console's pages requested. */
const requested: string[] = [];

async function api<T>(path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** The demo contacts' zone: a +1 415 number is San Francisco's. */
const CALLEE_ZONE = 'America/Los_Angeles';

/**
 * HH:MM on the callees' clock, `hours` from now: a campaign's window applies to
 * each callee's own local time, so the test's window is around theirs.
 */
function calleeTime(hours: number): string {
  const at = new Date(Date.now() + hours * 3_600_000);
  return new Intl.DateTimeFormat('en-GB', { timeZone: CALLEE_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

async function openConsole(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err));
  page.on('request', (req) => requested.push(req.url()));
  await page.goto(server.url);
  return page;
}

async function signIn(page: Page, role: 'agent' | 'supervisor'): Promise<void> {
  const form = page.getByRole('form', { name: 'Dev sign-in' });
  await form.getByLabel('Tenant').fill(TENANT);
  await form.getByLabel('Role').selectOption(role);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** The agent's dialler pulls the next contact of the demo campaign: its card, and the contact's name. */
async function pullNextContact(agent: Page) {
  const dialler = agent.getByRole('region', { name: 'Dialler' });
  await dialler.getByLabel('Campaign').locator('option', { hasText: CAMPAIGN }).waitFor({ state: 'attached' });
  await dialler.getByRole('button', { name: 'Next contact' }).click();
  const card = dialler.getByRole('article', { name: 'Current contact' });
  await card.waitFor();
  return { dialler, card, name: (await card.getByRole('heading').textContent())!.trim() };
}

beforeAll(async () => {
  server = await startConsoleServer();
  const { accessToken } = await api<{ accessToken: string }>('/dev/token', { method: 'POST', body: { tenant: TENANT, role: 'supervisor' } });
  for (const contact of DEMO_CONTACTS) await api('/v1/contacts', { method: 'POST', token: accessToken, body: contact });
  // Legal calling hours round the clock, so the test's window around its own time is allowed at any hour.
  const { accessToken: adminToken } = await api<{ accessToken: string }>('/dev/token', { method: 'POST', body: { tenant: TENANT, role: 'admin' } });
  await api('/v1/tenant/settings', { method: 'PATCH', token: adminToken, body: { callingHours: { start: '00:00', end: '23:59' } } });
  // More than a page of other contacts, so the lists have to page.
  for (let i = 10; i < 32; i++) await api('/v1/contacts', { method: 'POST', token: accessToken, body: { name: `Other Person ${i}`, phone: `+120255501${i}` } });
  browser = await launchChromium();
  supervisorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('agent console', () => {
  it('signs a supervisor in, creates a campaign, adds the demo contacts and starts it', async () => {
    supervisor = await openConsole(supervisorContext);
    await supervisor.getByRole('form', { name: 'Dev sign-in' }).waitFor();
    await screenshot(supervisor, 'sign-in');
    await signIn(supervisor, 'supervisor');
    await supervisor.locator('nav a[aria-current="page"]', { hasText: 'Supervisor' }).waitFor();

    const form = supervisor.getByRole('form', { name: 'New campaign' });
    await form.getByLabel('Name').fill(CAMPAIGN);
    await form.getByLabel('Caller ID').fill('12');
    await form.getByLabel('Time zone').fill(CALLEE_ZONE);
    await form.getByLabel('From').fill(calleeTime(-2));
    await form.getByLabel('To').fill(calleeTime(2));
    await form.getByRole('button', { name: 'Create campaign' }).click();
    // The API's problem details, in words, with the field that is wrong.
    const problem = form.getByRole('alert');
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/callerId/);

    await form.getByLabel('Caller ID').fill('+14155550100');
    await form.getByRole('button', { name: 'Create campaign' }).click();
    const row = supervisor.locator(`tr[data-campaign="${CAMPAIGN}"]`);
    await row.locator('[data-status]', { hasText: 'Draft' }).waitFor();
    await supervisor.locator('[data-figure="calls"]', { hasText: /^0$/ }).waitFor();

    const picker = supervisor.getByRole('region', { name: `Add contacts to ${CAMPAIGN}` });
    await picker.getByRole('searchbox', { name: 'Search' }).fill('+1415555010');
    await picker.getByRole('button', { name: 'Search' }).click();
    for (const c of DEMO_CONTACTS) await picker.getByRole('cell', { name: c.name, exact: true }).waitFor();
    await picker.getByRole('cell', { name: 'Other Person 31' }).waitFor({ state: 'detached' });
    await picker.getByLabel('Select all on this page').check();
    await supervisor.getByRole('button', { name: 'Add 3 selected to campaign' }).click();
    await supervisor
      .getByRole('status')
      .filter({ hasText: `3 added to ${CAMPAIGN}` })
      .waitFor();

    await supervisor.getByRole('button', { name: `Start ${CAMPAIGN}` }).click();
    await row.locator('[data-status]', { hasText: 'Active' }).waitFor();
    await screenshot(supervisor, 'supervisor');
  });

  it('signs an agent in, who pulls the next contact and logs a call', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const agent = await openConsole(context);
    await signIn(agent, 'agent');
    expect(await agent.locator('nav a', { hasText: 'Supervisor' }).count()).toBe(0);

    // A break with one of the tenant's reasons, then back to work.
    const state = agent.getByRole('radiogroup', { name: 'State' });
    await agent.getByLabel('Break reason').selectOption('lunch');
    await state.getByText('Break').click();
    await agent.getByRole('status').filter({ hasText: 'State: Break (Lunch)' }).waitFor({ state: 'attached' });
    await state.getByText('Available').click();
    await agent.getByRole('status').filter({ hasText: 'State: Available' }).waitFor({ state: 'attached' });

    const { dialler, name } = await pullNextContact(agent);
    expect(DEMO_CONTACTS.map((c) => c.name)).toContain(name);

    const log = dialler.getByRole('form', { name: 'Log call' });
    await log.getByLabel('Disposition').selectOption('sale');
    expect(await log.getByLabel('Answered').isChecked()).toBe(true);
    await log.getByLabel('Talk time (seconds)').fill('90');
    await log.getByLabel('Notes').fill('Renewed for a year.');
    await screenshot(agent, 'agent');
    await log.getByRole('button', { name: 'Log call' }).click();
    await dialler
      .getByRole('status')
      .filter({ hasText: `Call with ${name} logged as “Sale”` })
      .waitFor();
    // Logging the call starts the campaign's wrap-up; Ready ends it.
    await agent.getByLabel('Wrap-up time left').waitFor();
    await agent.getByRole('button', { name: 'Ready' }).click();
    await agent.getByRole('status').filter({ hasText: 'State: Available' }).waitFor({ state: 'attached' });
    await agent.setViewportSize({ width: 390, height: 844 });
    await screenshot(agent, 'agent-mobile');
    await agent.setViewportSize({ width: 1280, height: 900 });

    // Browsing contacts pages with the API's cursors (newest first, 20 a page): 25 contacts, two pages.
    const contacts = agent.getByRole('region', { name: 'Contacts' });
    const rows = contacts.locator('tbody tr');
    await contacts.getByRole('cell', { name: 'Other Person 31', exact: true }).waitFor();
    expect(await rows.count()).toBe(20);
    await contacts.getByRole('button', { name: 'Next' }).click();
    await contacts.getByText('Page 2').waitFor();
    await contacts.getByRole('cell', { name: 'Ada Lovelace', exact: true }).waitFor();
    expect(await rows.count()).toBe(5);
    expect(await contacts.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    // …and the contact just called shows its new status.
    await contacts
      .getByRole('row', { name: new RegExp(name) })
      .getByText('Contacted')
      .waitFor();
    await contacts.getByRole('button', { name: 'Previous' }).click();
    await contacts.getByText('Page 1').waitFor();
    await contacts.getByRole('cell', { name: 'Other Person 31', exact: true }).waitFor();
    await context.close();
  });

  it("shows the agent on the supervisor's live board", async () => {
    const board = supervisor.getByRole('table', { name: 'Agent board' });
    // The supervisor and the agent, both available again after the agent's wrap-up.
    await board.locator('tbody tr', { hasText: 'Available' }).nth(1).waitFor({ timeout: 30_000 });
    await screenshot(supervisor, 'agent-board');
  });

  it("updates the supervisor's report after the call", async () => {
    // No reload, no click: the open report refreshes by itself.
    await supervisor.locator('[data-figure="calls"]', { hasText: /^1$/ }).waitFor({ timeout: 30_000 });
    const figures = Object.fromEntries(
      await Promise.all(
        ['answered', 'answer-rate', 'talk-time'].map(async (f) => [f, (await supervisor.locator(`[data-figure="${f}"]`).textContent())!.trim()]),
      ),
    );
    expect(figures).toEqual({ answered: '1', 'answer-rate': '100%', 'talk-time': '1m 30s' });
    // The list's progress comes with it: one of the three demo contacts done, two pending.
    const progress = supervisor.getByLabel('List progress');
    expect(await progress.locator('[data-progress="done"]').textContent()).toBe('1');
    expect(await progress.locator('[data-progress="pending"]').textContent()).toBe('2');
    const chart = supervisor.getByRole('img', { name: /Calls by disposition/ });
    expect(await chart.getAttribute('aria-label')).toContain('Sale 1');
    await screenshot(supervisor, 'supervisor-report');
  });

  it('imports a CSV and shows its progress to completion, with the bad row', async () => {
    const form = supervisor.getByRole('form', { name: 'Import contacts' });
    await form
      .getByLabel('…or paste CSV')
      .fill('name,phone,email,tags\nKatherine Johnson,+14155550104,kj@example.com,nasa;vip\nNo Phone,,,\nMary Jackson,+14155550105,,nasa');
    await form.getByRole('button', { name: 'Import' }).click();
    await form.locator('[data-import-status]', { hasText: 'Completed' }).waitFor({ timeout: 60_000 });
    const status = (await form.getByRole('status').textContent())!;
    expect(status).toMatch(/3 of 3 rows/);
    expect(status).toMatch(/1 failed/);
    const picker = supervisor.getByRole('region', { name: `Add contacts to ${CAMPAIGN}` });
    await picker.getByRole('cell', { name: 'Katherine Johnson', exact: true }).waitFor();
    await screenshot(supervisor, 'import');
  });

  it('books a callback for the agent, who gets it back, before fresh leads, once it is due', async () => {
    // The browser on UTC, so the test writes the datetime-local value it means.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
    const agent = await openConsole(context);
    await signIn(agent, 'agent');
    const { dialler, card, name } = await pullNextContact(agent);

    // Soon enough for the test to wait for: the API takes any time ahead inside the callee's hours.
    const log = dialler.getByRole('form', { name: 'Log call' });
    await log.getByLabel('Disposition').selectOption('callback');
    await log.getByLabel('Call back at').fill(new Date(Date.now() + 15_000).toISOString().slice(0, 19));
    await log.getByLabel('Who calls back').selectOption('me');
    await log.getByRole('button', { name: 'Log call' }).click();
    await dialler
      .getByRole('status')
      .filter({ hasText: `Call with ${name} logged as “Callback”` })
      .waitFor();
    await agent.getByRole('button', { name: 'Ready' }).click();

    const mine = agent.getByRole('list', { name: 'My callbacks' });
    const booked = mine.locator(`li[data-callback="${name}"]`);
    await booked.waitFor();
    await booked.locator('[data-due]').waitFor({ timeout: 30_000 });
    await screenshot(agent, 'callbacks');
    // Another demo contact is still fresh; the due callback comes first, to its owner.
    await dialler.getByRole('button', { name: 'Next contact' }).click();
    await card.waitFor();
    expect((await card.getByRole('heading').textContent())!.trim()).toBe(name);
    await log.getByLabel('Disposition').selectOption('sale');
    await log.getByRole('button', { name: 'Log call' }).click();
    await mine.getByText('No callbacks booked.').waitFor();
    await context.close();
  });

  it('stays small: the first load is under 50 kB compressed, and the Auth0 SDK is never fetched without Auth0', () => {
    const dist = resolve(import.meta.dirname, '../../apps/web/dist');
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    const gzipped = [html, ...assets.map((a) => readFileSync(join(dist, a)))].reduce((sum, body) => sum + gzipSync(body).length, 0);
    expect(gzipped).toBeLessThan(50_000);
    expect(requested.some((url) => url.includes('/assets/'))).toBe(true);
    expect(requested.filter((url) => /auth0/i.test(url))).toEqual([]);
  });
});
