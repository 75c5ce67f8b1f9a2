import { randomBytes } from 'node:crypto';
import { startLambdaTopology, type LambdaTopology } from './support/lambda-topology.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { newTenant } from './support/topology.js';
import { expectStatus } from './scenarios/scenario.js';

/**
 * A container frozen for minutes finds its sockets dead without being told (the
 * network forgot the flows). The function must replace its database and Redis
 * connections after LAMBDA_IDLE_RECONNECT_SECONDS instead of hanging on them.
 */
describe('a warm function after idle', () => {
  let topology: LambdaTopology;
  let postgres: TcpProxy;
  let redis: TcpProxy;

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startTcpProxy(5432), startTcpProxy(6379)]);
    topology = await startLambdaTopology({
      parameters: (p) => ({
        ...p,
        DATABASE_URL: p.DATABASE_URL!.replace('127.0.0.1:5432', `127.0.0.1:${postgres.port}`),
        REDIS_URL: `redis://127.0.0.1:${redis.port}`,
        CACHE_KEY_PREFIX: `idle-${randomBytes(4).toString('hex')}:`,
        LAMBDA_IDLE_RECONNECT_SECONDS: '1',
      }),
    });
  });
  afterAll(async () => {
    await topology?.close();
    await Promise.all([postgres?.close(), redis?.close()]);
  });

  it('reconnects to Postgres and Redis before serving, when its old flows were silently dropped', async () => {
    const tenant = newTenant('idle');
    const token = await topology.token({ tenant, role: 'supervisor' });
    // Listing calls queries the database on every request.
    const listCalls = () => topology.request('GET', '/v1/calls', { token });
    expectStatus(await listCalls(), 200);
    const before = { postgres: postgres.connections(), redis: redis.connections() };

    postgres.dropExistingFlows();
    redis.dropExistingFlows();
    await new Promise((resolve) => setTimeout(resolve, 1100)); // idle past LAMBDA_IDLE_RECONNECT_SECONDS

    expectStatus(await listCalls(), 200);
    expect(postgres.connections()).toBeGreaterThan(before.postgres);
    expect(redis.connections()).toBeGreaterThan(before.redis);
  });
});
