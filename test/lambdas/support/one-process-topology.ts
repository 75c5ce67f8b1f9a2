import { randomBytes } from 'node:crypto';
import { createApiApp } from '../../../apps/api/src/create-api-app.js';
import { startTestIssuer } from '../../support/auth.js';
import { startApp } from '../../support/test-app.js';
import { decode, encode, type RequestOptions, type Topology } from './topology.js';

/**
 * The one-process server as users run it (`createApiApp`: every feature, the
 * pollers, OpenAPI), listening on 127.0.0.1, with Redis as the cache and the
 * embedded SQS emulator, reached over real HTTP.
 *
 * Its pool holds one connection: a route that asks for a second connection
 * while its transaction holds one (which starves a pool under load: every
 * connection waiting for another) times out here with a 503 instead of passing.
 */
export async function startOneProcessTopology(): Promise<Topology & { close(): Promise<void> }> {
  const issuer = await startTestIssuer();
  const webhookSecret = `whsec-${randomBytes(8).toString('hex')}`;
  const app = await startApp(() => createApiApp(), {
    env: {
      ...issuer.env,
      REDIS_URL: 'redis://127.0.0.1:6379',
      CACHE_KEY_PREFIX: `one-process-${randomBytes(4).toString('hex')}:`,
      SQS_ENDPOINT: undefined,
      QUEUE_NAME_PREFIX: `one-process-${randomBytes(3).toString('hex')}-`,
      TELEPHONY_WEBHOOK_SECRET: webhookSecret,
      DATABASE_POOL_SIZE: '1',
    },
  });
  return {
    name: 'one process (HTTP)',
    webhookSecret,
    token: (options) => issuer.token(options),
    request: async <T>(method: string, path: string, options: RequestOptions = {}) => {
      const { headers, body } = encode(options);
      const res = await fetch(`${app.url}${path}`, { method, headers, body });
      return decode<T>(res.status, res.headers, await res.text());
    },
    deliverQueued: async () => undefined, // the in-process pollers consume
    close: async () => {
      await app.close();
      await issuer.close();
    },
  };
}
