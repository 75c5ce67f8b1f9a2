import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { buildDist, killServers, spawnServer } from '../../support/server-process.js';

/**
 * The built server's request log as an operator reads it: JSON lines on
 * stdout, one per request, carrying the X-Request-Id the client saw. Lines are
 * written as they are made, so those of the last requests before a SIGTERM are
 * all there once the process has exited.
 */
describe('request log on stdout (built server)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    buildDist();
    db = await createTestDatabase();
  });
  afterAll(async () => {
    killServers();
    await db.drop();
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
    expect(logged.find((line) => line.reqId === 'log-check-404')).toMatchObject({ msg: 'request completed', req: { url: '/v1/nothing-here' }, res: { statusCode: 404 } });
    expect(logged.filter((line) => line.reqId !== 'log-check-404').every((line) => line.res?.statusCode === 200)).toBe(true);
  });
});
