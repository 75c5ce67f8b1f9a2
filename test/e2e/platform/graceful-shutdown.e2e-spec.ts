import { request } from 'node:http';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { buildDist, killServers, spawnServer } from '../../support/server-process.js';

/**
 * SIGTERM while a request is still arriving: the server stops accepting new
 * connections, finishes the request in flight, and exits 0 well within the
 * grace. Its request log, as an operator reads it: JSON lines on stdout, one
 * per request with the X-Request-Id the client saw, written as they are made,
 * so none is missing once the process has exited.
 */
describe('graceful shutdown and the request log (built server)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    buildDist();
    db = await createTestDatabase();
  });
  afterAll(async () => {
    killServers();
    await db.drop();
  });

  it('completes the in-flight request, refuses new ones, and exits 0', async () => {
    const server = spawnServer({ NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: db.url, SHUTDOWN_GRACE_MS: '8000' });
    const url = new URL(await server.url);
    const body = JSON.stringify({ tenant: 'acme', role: 'agent' });

    const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: url.port,
          path: '/dev/token',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      // Half the body now, the rest after SIGTERM has been delivered.
      req.write(body.slice(0, 10));
      setTimeout(() => {
        server.proc.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 500);
      }, 300);
    });

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toHaveProperty('accessToken');

    await expect(fetch(`http://127.0.0.1:${url.port}/health/live`)).rejects.toThrow();
    // Exit code 0, not the 1 the grace timer would force: it finished by itself.
    await expect(server.exited).resolves.toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('SIGTERM received: shutting down');
  });

  it('writes one JSON line per request with its request id, none lost at shutdown', async () => {
    const server = spawnServer({ NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: db.url });
    const base = await server.url;
    const ids = Array.from({ length: 20 }, (_, i) => `log-check-${i}`);
    const responses = await Promise.all(ids.map((id) => fetch(`${base}/health/ready`, { headers: { 'x-request-id': id } })));
    expect(responses.map((r) => r.headers.get('x-request-id'))).toEqual(ids);
    const missing = await fetch(`${base}/v1/nothing-here`, { headers: { 'x-request-id': 'log-check-404' } });
    expect(missing.status).toBe(404);

    server.proc.kill('SIGTERM');
    await expect(server.exited).resolves.toEqual({ code: 0, signal: null });

    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { reqId?: string; msg: string; req?: { url: string }; res?: { statusCode: number } });
    const logged = lines.filter((line) => line.reqId?.startsWith('log-check-'));
    expect(logged.map((line) => line.reqId).sort()).toEqual([...ids, 'log-check-404'].sort());
    expect(logged.find((line) => line.reqId === 'log-check-404')).toMatchObject({
      msg: 'request completed',
      req: { url: '/v1/nothing-here' },
      res: { statusCode: 404 },
    });
    expect(logged.filter((line) => line.reqId !== 'log-check-404').every((line) => line.res?.statusCode === 200)).toBe(true);
  });
});
