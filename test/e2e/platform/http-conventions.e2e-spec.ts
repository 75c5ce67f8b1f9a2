import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { IsString } from 'class-validator';
import { Public } from '#switchboard/auth';
import { startFeatureApp, type TestApp } from '../../support/test-app.js';

class NoteDto {
  @IsString() text: string;
}

@Public()
@Controller('v1/notes')
class NotesController {
  @Get('current')
  current() {
    return { id: 'current', version: 3, text: 'hello' };
  }
  @Post()
  create(@Body() dto: NoteDto) {
    return { id: 'n1', version: 1, ...dto };
  }
}

@Module({ controllers: [NotesController] })
class NotesModule {}

const SECURITY_HEADERS = [
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

/**
 * The HTTP conventions the shared plumbing gives every app, beyond the
 * feature suites: conditional GETs, lenient routing, body parsing, security
 * headers, and clients behind proxies.
 */
describe('HTTP conventions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startFeatureApp([NotesModule]);
  });
  afterAll(() => t.close());

  // fetch() adds `Cache-Control: no-cache` to a conditional request unless the request names a Cache-Control.
  const conditionalGet = (etag: string, cacheControl: string) =>
    fetch(`${t.url}/v1/notes/current`, { headers: { 'if-none-match': etag, 'cache-control': cacheControl } });

  it('answers a conditional GET whose ETag still matches with 304 and no body, unless told no-cache', async () => {
    const fresh = await conditionalGet('W/"3"', 'max-age=0');
    expect(fresh.status).toBe(304);
    expect(await fresh.text()).toBe('');
    const stale = await conditionalGet('W/"2"', 'max-age=0');
    expect(stale.status).toBe(200);
    expect(stale.headers.get('etag')).toBe('W/"3"');
    const reload = await conditionalGet('W/"3"', 'no-cache');
    expect(reload.status).toBe(200);
  });

  it('routes a trailing slash and any letter case like the plain path', async () => {
    for (const path of ['/v1/notes/current/', '/V1/Notes/current']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status).toBe(200);
      await expect(res.json()).resolves.toMatchObject({ id: 'current' });
    }
  });

  it('takes an empty JSON body as {} and refuses a JSON scalar as malformed', async () => {
    const empty = await fetch(`${t.url}/v1/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' });
    expect(empty.status).toBe(400);
    await expect(empty.json()).resolves.toMatchObject({ code: 'VALIDATION' });
    const scalar = await fetch(`${t.url}/v1/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '"text"' });
    expect(scalar.status).toBe(400);
    await expect(scalar.json()).resolves.toMatchObject({ code: 'MALFORMED_JSON' });
  });

  it('parses application/*+json bodies and refuses other charsets with 415', async () => {
    const vendor = await fetch(`${t.url}/v1/notes`, { method: 'POST', headers: { 'content-type': 'application/vnd.api+json' }, body: '{"text":"hi"}' });
    expect(vendor.status).toBe(415); // parsed, but the route takes application/json only (content-type guard)
    const latin1 = await fetch(`${t.url}/v1/notes`, { method: 'POST', headers: { 'content-type': 'application/json; charset=latin1' }, body: '{"text":"hi"}' });
    expect(latin1.status).toBe(415);
    await expect(latin1.json()).resolves.toMatchObject({ status: 415 });
  });

  it("sends helmet's default security headers and the console's CSP on every response, a body-parser failure's included, and no X-Powered-By", async () => {
    const served = await fetch(`${t.url}/v1/notes/current`);
    const malformed = await fetch(`${t.url}/v1/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(malformed.status).toBe(400);
    for (const res of [served, malformed]) {
      expect(Object.fromEntries([...res.headers].filter(([name]) => SECURITY_HEADERS.includes(name)))).toEqual({
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'origin-agent-cluster': '?1',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'x-dns-prefetch-control': 'off',
        'x-download-options': 'noopen',
        'x-frame-options': 'SAMEORIGIN',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
      });
      // The one definition CloudFront sends too (issue 23): the console's own origin and the issuer, no execute-api host.
      const csp = res.headers.get('content-security-policy');
      expect(csp).toMatch(/^default-src 'self'; connect-src 'self'( https?:\/\/[^ ;]+)?; /);
      expect(csp).not.toContain('execute-api');
      expect(res.headers.has('x-powered-by')).toBe(false);
    }
  });

  it('serves a request that carries X-Forwarded-For', async () => {
    // Which address counts (TRUST_PROXY) is rate-limit.e2e-spec's subject; here the check is
    // only that a forwarded request is served normally.
    const res = await fetch(`${t.url}/v1/notes/current`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(res.status).toBe(200);
  });
});
