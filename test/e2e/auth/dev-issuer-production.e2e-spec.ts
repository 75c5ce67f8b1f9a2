import { SETTINGS } from '#switchboard/config';
import { buildDist, spawnServer } from '../../support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/**
 * The built server with a complete production configuration, except that the
 * issuer is the dev issuer (or missing): it must not start.
 */
describe('dev issuer under NODE_ENV=production (built server)', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    buildDist();
    db = await createTestDatabase();
    env = Object.fromEntries(Object.entries(SETTINGS).flatMap(([key, spec]) => ('optional' in spec && spec.optional ? [] : [[key, spec.example]])));
    Object.assign(env, {
      NODE_ENV: 'production',
      PORT: '3000',
      DATABASE_URL: db.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_CONSUMERS_ENABLED: 'false',
      QUEUES_CREATE: 'false',
      LOG_LEVEL: 'warn',
    });
  }, 180_000);
  afterAll(() => db?.drop());

  it('refuses to start when AUTH_ISSUER_URL names the dev issuer', async () => {
    const server = spawnServer({ ...env, AUTH_ISSUER_URL: 'http://localhost:3000/dev/' });
    const { code } = await server.exited;
    expect(code).toBe(1);
    expect(server.output().trim()).toBe(
      'The dev issuer never runs with NODE_ENV=production: set AUTH_ISSUER_URL and AUTH_AUDIENCE to a real issuer (docs/auth0.md).',
    );
  }, 30_000);

  it('refuses to start without AUTH_ISSUER_URL instead of falling back to the dev issuer', async () => {
    const { AUTH_ISSUER_URL: _unset, ...rest } = env;
    const server = spawnServer(rest);
    const { code } = await server.exited;
    expect(code).toBe(1);
    expect(server.output().trim()).toMatch(/^Missing setting AUTH_ISSUER_URL: required when NODE_ENV=production/);
  }, 30_000);
});
