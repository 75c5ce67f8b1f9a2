import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { PinoNestLogger } from './pino-nest-logger.js';
import { type LoggedRequest, requestFields } from './request-context.js';
import { requestLogMiddleware } from './request-log.middleware.js';

/** A pino logger whose lines land in `lines`, with the mixin the app uses. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, logger: pino({ level: 'info', mixin: requestFields }, sink) };
}

describe('request log', () => {
  let server: Server;
  let url: string;
  const { lines, logger } = capture();
  const nest = new PinoNestLogger(logger);

  beforeAll(async () => {
    const log = requestLogMiddleware(logger);
    server = createServer((req: LoggedRequest, res) =>
      log(req, res, () => {
        if (req.url?.startsWith('/v1/authenticated')) req.user = { tenantId: 'acme', sub: 'auth0|ada' };
        nest.warn({ detail: 42 }, 'inside the request', 'Handler');
        res.statusCode = req.url === '/v1/broken' ? 503 : 200;
        res.end('ok');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => lines.splice(0));

  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('writes one line per request with its id, caller, status and time, and tags lines written inside it', async () => {
    const res = await fetch(`${url}/v1/authenticated?limit=1`, { headers: { 'x-request-id': 'req-1' } });
    await settle();
    expect(res.headers.get('x-request-id')).toBe('req-1');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 40, msg: 'inside the request', context: 'Handler', detail: 42, reqId: 'req-1', tenant: 'acme', sub: 'auth0|ada' });
    expect(lines[1]).toMatchObject({
      level: 30,
      msg: 'request completed',
      reqId: 'req-1',
      tenant: 'acme',
      sub: 'auth0|ada',
      req: { method: 'GET', url: '/v1/authenticated?limit=1' },
      res: { statusCode: 200 },
    });
    expect(typeof lines[1]!.responseTime).toBe('number');
    expect(JSON.stringify(lines)).not.toMatch(/authorization|cookie/i);
  });

  it('logs the path and only the non-personal query parameters: no phone number or e-mail address', async () => {
    const query = 'q=%2B14045550100&limit=20&tag=ada%40example.com&status=active&ada.lovelace%40example.com&email=ada%40example.com&cursor=abc';
    await fetch(`${url}/v1/contacts?${query}`);
    await settle();
    const line = lines.find((l) => l.msg === 'request completed')!;
    expect(line).toMatchObject({ req: { method: 'GET', url: '/v1/contacts?q=[redacted]&limit=20&tag=[redacted]&status=active&cursor=abc&[redacted]' } });
    // Not a bare `ada`: a random request id (hex) can contain it.
    expect(JSON.stringify(lines)).not.toMatch(/4045550100|ada@|ada\.lovelace|ada%40|example\.com|email/);
  });

  it('replaces an unusable request id and logs server errors at error level', async () => {
    const res = await fetch(`${url}/v1/broken`, { headers: { 'x-request-id': 'no spaces allowed' } });
    await settle();
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.at(-1)).toMatchObject({ level: 50, msg: 'request failed', reqId: id, res: { statusCode: 503 } });
    expect(lines.at(-1)).not.toHaveProperty('tenant');
  });

  it('leaves probes out of the log', async () => {
    await fetch(`${url}/health/live`);
    await settle();
    expect(lines.filter((l) => l.msg !== 'inside the request')).toEqual([]);
  });

  it('has no request fields outside a request', () => {
    nest.log('starting', 'Bootstrap');
    expect(lines.at(-1)).toMatchObject({ level: 30, msg: 'starting', context: 'Bootstrap' });
    expect(lines.at(-1)).not.toHaveProperty('reqId');
  });
});
