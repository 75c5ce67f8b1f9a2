import { buildDist, killServers, spawnServer } from '../../support/server-process.js';

/** A bad or missing setting stops start-up with one line naming it. */
describe('start-up configuration (built server)', () => {
  beforeAll(() => buildDist());
  afterAll(() => killServers());

  it('refuses to start in production with a required setting missing, naming it', async () => {
    const server = spawnServer({ NODE_ENV: 'production' });
    const { code } = await server.exited;
    expect(code).toBe(1);
    const lines = server.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Missing setting [A-Z_]+: required when NODE_ENV=production/);
  });

  it('refuses a malformed value, naming the variable and what it expects', async () => {
    const server = spawnServer({ NODE_ENV: 'development', PORT: 'eighty' });
    const { code } = await server.exited;
    expect(code).toBe(1);
    expect(server.output().trim()).toBe('Invalid setting PORT="eighty": expected a whole number (HTTP port of the one-process server).');
  });

  it('refuses an unknown NODE_ENV', async () => {
    const server = spawnServer({ NODE_ENV: 'staging' });
    const { code } = await server.exited;
    expect(code).toBe(1);
    expect(server.output()).toMatch(/^Invalid setting NODE_ENV="staging": expected production, development or test/);
  });
});
