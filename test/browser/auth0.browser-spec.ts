import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { Browser, Route } from 'playwright-core';
import { launchChromium } from './support/browser.js';

// Auth0 Universal Login with PKCE, as the deployed console does it. Auth0 cannot
// run here, so the browser's requests to the Auth0 domain are answered by this
// test as Auth0 answers them (authorize redirect, token exchange, logout), and
// the console's own origin is served from a build made with the Auth0 settings.

const ROOT = resolve(import.meta.dirname, '../..');
// https: the Auth0 SDK needs a secure context (WebCrypto for PKCE), as CloudFront gives it.
const ORIGIN = 'https://console.switchboard.test';
const DOMAIN = 'login.switchboard.test';
const CLIENT_ID = 'spa-client-123';
const ORG = 'org_acme';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: Record<string, unknown>) => `${b64url({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64url(payload)}.c2lnbmF0dXJl`;
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

let dist: string;
let browser: Browser;

function buildConsole(outDir: string): Promise<void> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    VITE_AUTH0_DOMAIN: DOMAIN,
    VITE_AUTH0_CLIENT_ID: CLIENT_ID,
    VITE_AUTH0_AUDIENCE: 'switchboard-api',
    VITE_AUTH0_ORGANIZATION: ORG,
  };
  const args = [
    join(ROOT, 'node_modules/vite/bin/vite.js'),
    'build',
    '--config',
    'apps/web/vite.config.ts',
    '--outDir',
    outDir,
    '--emptyOutDir',
    '--logLevel',
    'error',
  ];
  return new Promise((res, rej) => {
    const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (c) => (out += c));
    proc.stderr.on('data', (c) => (out += c));
    proc.once('exit', (code) => (code === 0 ? res() : rej(new Error(`vite build failed (${code}):\n${out}`))));
  });
}

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'console-auth0-'));
  await buildConsole(dist);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('Auth0 sign-in', () => {
  it('signs in through Universal Login with PKCE, calls the API with the access token, and signs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const pageErrors: Error[] = [];
    page.on('pageerror', (err) => pageErrors.push(err));

    const accessToken = jwt({
      sub: 'auth0|ada',
      org_id: ORG,
      permissions: ['campaigns:read', 'campaigns:write', 'contacts:read'],
      roles: ['supervisor'],
      aud: 'switchboard-api',
    });
    let authorize: URLSearchParams | undefined;
    let silent: URLSearchParams | undefined;
    let tokenRequest: URLSearchParams | undefined;
    const apiAuth: string[] = [];
    const unexpected: string[] = [];

    await context.route(`https://${DOMAIN}/**`, async (route: Route) => {
      const url = new URL(route.request().url());
      const cors = { 'access-control-allow-origin': ORIGIN, 'access-control-allow-headers': '*' };
      if (url.pathname === '/authorize' && url.searchParams.get('prompt') === 'none') {
        // Silent authentication in the SDK's hidden iframe: Auth0 answers with a web message to the opener's origin.
        silent = url.searchParams;
        const message = { type: 'authorization_response', response: { code: 'the-code', state: url.searchParams.get('state') } };
        return route.fulfill({
          status: 200,
          contentType: 'text/html',
          body: `<script>parent.postMessage(${JSON.stringify(message)}, ${JSON.stringify(ORIGIN)})</script>`,
        });
      }
      if (url.pathname === '/authorize') {
        authorize = url.searchParams;
        return route.fulfill({ status: 302, headers: { location: `${ORIGIN}/?code=the-code&state=${encodeURIComponent(url.searchParams.get('state')!)}` } });
      }
      if (url.pathname === '/oauth/token' && route.request().method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
      if (url.pathname === '/oauth/token') {
        const body = route.request().postData() ?? '';
        tokenRequest = body.trim().startsWith('{') ? new URLSearchParams(JSON.parse(body) as Record<string, string>) : new URLSearchParams(body);
        const now = Math.floor(Date.now() / 1000);
        const idToken = jwt({
          iss: `https://${DOMAIN}/`,
          aud: CLIENT_ID,
          sub: 'auth0|ada',
          name: 'Ada Supervisor',
          iat: now,
          exp: now + 3600,
          nonce: authorize?.get('nonce'),
          org_id: ORG,
        });
        return route.fulfill({
          status: 200,
          headers: { ...cors, 'content-type': 'application/json' },
          body: JSON.stringify({
            access_token: accessToken,
            id_token: idToken,
            refresh_token: 'rt-1',
            token_type: 'Bearer',
            expires_in: 3600,
            scope: 'openid profile email offline_access',
          }),
        });
      }
      if (url.pathname === '/v2/logout') return route.fulfill({ status: 302, headers: { location: url.searchParams.get('returnTo')! } });
      unexpected.push(url.href);
      return route.fulfill({ status: 404, headers: cors, body: '' });
    });

    await context.route(`${ORIGIN}/**`, async (route: Route) => {
      const url = new URL(route.request().url());
      if (url.pathname.startsWith('/v1/')) {
        apiAuth.push(route.request().headers().authorization ?? '');
        const json = (body: unknown) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
        if (url.pathname === '/v1/me')
          return json({
            id: 'a1',
            name: 'Ada Supervisor',
            role: 'supervisor',
            state: 'available',
            stateSince: '2026-01-01T00:00:00.000Z',
            stateUntil: null,
            breakReason: null,
          });
        return json({ items: [], nextCursor: null });
      }
      const file = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
      try {
        return await route.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(join(dist, file)) });
      } catch {
        return route.fulfill({ status: 404, body: '' });
      }
    });

    await page.goto(`${ORIGIN}/`);
    const signIn = page.getByRole('button', { name: 'Sign in' });
    await signIn.waitFor();
    expect(await page.getByRole('form', { name: 'Dev sign-in' }).count()).toBe(0);
    await signIn.click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // The authorization request: code flow with an S256 challenge, for the API's audience and the organisation.
    expect(
      Object.fromEntries(
        ['response_type', 'client_id', 'audience', 'organization', 'redirect_uri', 'code_challenge_method'].map((k) => [k, authorize?.get(k)]),
      ),
    ).toEqual({
      response_type: 'code',
      client_id: CLIENT_ID,
      audience: 'switchboard-api',
      organization: ORG,
      redirect_uri: `${ORIGIN}/`,
      code_challenge_method: 'S256',
    });
    // The token request proves possession of the verifier behind that challenge.
    expect(tokenRequest?.get('grant_type')).toBe('authorization_code');
    expect(tokenRequest?.get('code')).toBe('the-code');
    const verifier = tokenRequest?.get('code_verifier') ?? '';
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(authorize?.get('code_challenge'));

    // Signed in: the code is gone from the address bar, the token's permissions open the supervisor view,
    // and every API call carries the access token.
    expect(new URL(page.url()).search).toBe('');
    await page.locator('nav a[aria-current="page"]', { hasText: 'Supervisor' }).waitFor();
    await page.getByRole('region', { name: 'Campaigns' }).getByText('No campaigns yet').waitFor();
    expect(apiAuth.length).toBeGreaterThan(0);
    expect(new Set(apiAuth)).toEqual(new Set([`Bearer ${accessToken}`]));

    // Tokens live in memory only (issue 23): nothing of them in the page's storage.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(accessToken);
    expect(stored).not.toContain('rt-1');

    // A reload keeps the session without the Universal Login page: the SDK asks Auth0's session silently (prompt=none).
    const authorizeCalls = authorize;
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(authorize).toBe(authorizeCalls);
    expect(silent?.get('prompt')).toBe('none');
    expect(silent?.get('response_mode')).toBe('web_message');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(unexpected).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
