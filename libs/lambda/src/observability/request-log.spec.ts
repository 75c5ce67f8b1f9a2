import { Logger } from '@aws-lambda-powertools/logger';
import { requestLogMiddleware } from '#switchboard/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { powertoolsRootLogger } from './nest-logger.js';

/** A function's request log (Powertools JSON) leaves personal query values out, as the server's does. */
describe("a function's request log", () => {
  let server: Server;
  let url: string;
  const written: string[] = [];
  let restore: () => void;

  beforeAll(async () => {
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      const text = chunk.toString();
      if (text.includes('"request completed"')) {
        written.push(text);
        return true;
      }
      return write(chunk, ...rest);
    }) as typeof process.stdout.write;
    restore = () => (process.stdout.write = write);
    const log = requestLogMiddleware(powertoolsRootLogger(new Logger({ serviceName: 'request-log-test' })).lines);
    server = createServer((req, res) => log(req, res, () => res.end('ok')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    restore();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('writes the path and the non-personal parameters, never a searched phone or e-mail', async () => {
    await fetch(`${url}/v1/contacts?q=%2B14045550100&limit=20&email=ada%40example.com`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(written).toHaveLength(1);
    const line = JSON.parse(written[0]!) as { message: string; req: { url: string } };
    expect(line).toMatchObject({ message: 'request completed', req: { method: 'GET', url: '/v1/contacts?q=[redacted]&limit=20&[redacted]' } });
    // Not a bare `ada`: a random id (hex) in the line can contain it.
    expect(written[0]).not.toMatch(/4045550100|ada@|ada%40|example\.com/);
  });
});
