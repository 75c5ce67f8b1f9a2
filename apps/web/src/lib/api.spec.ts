import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiClient, queryString } from './api.js';
import { ApiError } from './problem.js';

// A real HTTP server on loopback stands in for the API: the client is tested on the wire.
let server: Server;
let baseUrl: string;
let last: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      last = { method: req.method, url: req.url, headers: req.headers, body };
      const path = req.url!.split('?')[0];
      if (path === '/v1/things') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: [1], nextCursor: null }));
      } else if (path === '/v1/board') {
        const fresh = req.headers['if-none-match'] === 'W/"b1"';
        if (fresh) res.writeHead(304, { etag: 'W/"b1"' }).end();
        else res.writeHead(200, { 'content-type': 'application/json', etag: 'W/"b1"' }).end(JSON.stringify({ items: ['a'], nextCursor: null }));
      } else if (path === '/v1/empty') {
        res.writeHead(204).end();
      } else if (path === '/v1/conflict') {
        res
          .writeHead(409, { 'content-type': 'application/problem+json' })
          .end(JSON.stringify({ title: 'Conflict', status: 409, detail: 'That phone is taken.', code: 'CONTACT.PHONE_TAKEN' }));
      } else if (path === '/v1/secret') {
        res
          .writeHead(401, { 'content-type': 'application/problem+json', 'www-authenticate': 'Bearer' })
          .end(JSON.stringify({ title: 'Unauthorized', status: 401, detail: 'Token expired' }));
      } else {
        res.writeHead(502, { 'content-type': 'text/plain' }).end('upstream down');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('API client', () => {
  it('GETs conditionally: the body and its ETag, then notModified while the ETag holds', async () => {
    const api = createApiClient({ baseUrl, getToken: async () => 'tok' });
    const first = await api.getConditional('/v1/board', { state: 'break' }, null);
    expect(first).toEqual({ notModified: false, body: { items: ['a'], nextCursor: null }, etag: 'W/"b1"' });
    expect(last.headers['if-none-match']).toBeUndefined();
    expect(last.url).toBe('/v1/board?state=break');
    await expect(api.getConditional('/v1/board', undefined, 'W/"b1"')).resolves.toEqual({ notModified: true });
    expect(last.headers['if-none-match']).toBe('W/"b1"');
    await expect(api.getConditional('/v1/conflict', undefined, null)).rejects.toBeInstanceOf(ApiError);
  });

  it('sends the bearer token and query, and reads JSON', async () => {
    const api = createApiClient({ baseUrl, getToken: async () => 'tok' });
    await expect(api.get('/v1/things', { limit: 20, cursor: null, q: '' })).resolves.toEqual({ items: [1], nextCursor: null });
    expect(last.url).toBe('/v1/things?limit=20');
    expect(last.headers.authorization).toBe('Bearer tok');
  });

  it('sends JSON bodies, and raw bodies with their content type', async () => {
    const api = createApiClient({ baseUrl, getToken: async () => null });
    await api.post('/v1/things', { name: 'A' });
    expect([last.method, last.headers['content-type'], last.body, last.headers.authorization]).toEqual(['POST', 'application/json', '{"name":"A"}', undefined]);
    await api.post('/v1/things', 'name,phone\nA,+1', { contentType: 'text/csv' });
    expect([last.headers['content-type'], last.body]).toEqual(['text/csv', 'name,phone\nA,+1']);
  });

  it('resolves 204 to undefined', async () => {
    const api = createApiClient({ baseUrl, getToken: async () => null });
    await expect(api.post('/v1/empty')).resolves.toBeUndefined();
  });

  it('rejects with the problem details the server sent', async () => {
    const api = createApiClient({ baseUrl, getToken: async () => null });
    const err = (await api.post('/v1/conflict', {}).catch((e) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect([err.status, err.code, err.message]).toEqual([409, 'CONTACT.PHONE_TAKEN', 'Conflict: That phone is taken.']);
  });

  it('tells the app about a 401, and words a non-problem error', async () => {
    const seen: number[] = [];
    const api = createApiClient({ baseUrl, getToken: async () => 'old', onUnauthorized: (e) => seen.push(e.status) });
    await expect(api.get('/v1/secret')).rejects.toThrow('Unauthorized: Token expired');
    expect(seen).toEqual([401]);
    await expect(api.get('/elsewhere')).rejects.toThrow('Bad Gateway: upstream down');
  });

  it('words a network failure', async () => {
    const api = createApiClient({ baseUrl: 'http://127.0.0.1:1', getToken: async () => null });
    await expect(api.get('/v1/things')).rejects.toMatchObject({ problem: { title: 'Network error', status: 0 } });
  });

  it('builds query strings without empty values', () => {
    expect(queryString({ a: 1, b: undefined, c: null, d: '', e: 'x y', f: false })).toBe('?a=1&e=x+y&f=false');
    expect(queryString()).toBe('');
  });
});
