import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';

/**
 * Before any suite: a Redis must answer at TEST_REDIS_URL, or the run stops here
 * with how to start one, instead of failing test by test. (Postgres needs no such
 * check: test-database.ts falls back to an embedded one.)
 */
export default async function globalSetup(): Promise<void> {
  // This run's id, which the workers inherit: buildDist() builds `dist` once per run.
  process.env.SWITCHBOARD_TEST_RUN = randomUUID();
  const url = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  const port = Number(url.port || 6379);
  const ok = await new Promise<boolean>((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1500);
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.connect(port, url.hostname, () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
  });
  if (!ok) {
    throw new Error(
      `No Redis answers at ${url.href}. Start one with\n  redis-server --daemonize yes --bind 127.0.0.1 --port ${port} --save "" --appendonly no\n` +
        'or point TEST_REDIS_URL at a reachable Redis.',
    );
  }
}
