import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpAdapter } from '#switchboard/platform';
import { WebConsoleMiddleware } from './web-console.middleware.js';
import { WebConsoleModule } from './web-console.module.js';
import { findWebDist } from './web-dist.js';

@Controller('v1/ping')
class PingController {
  @Get()
  ping() {
    return { pong: true };
  }
}

async function start(distDir: string | null): Promise<{ app: INestApplication; url: string }> {
  const moduleRef = await Test.createTestingModule({ imports: [WebConsoleModule.forRoot(distDir)], controllers: [PingController] }).compile();
  const app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
  const webConsole = app.get(WebConsoleMiddleware);
  app.use(webConsole.use.bind(webConsole));
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('web console serving', () => {
  let dist: string;
  let server: { app: INestApplication; url: string };

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Switchboard</title>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
    server = await start(dist);
  });

  afterAll(async () => {
    await server.app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the page at / and revalidates it', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    await expect(res.text()).resolves.toContain('<title>Switchboard</title>');
  });

  it('serves hashed assets as immutable, other files revalidated', async () => {
    const js = await fetch(`${server.url}/assets/index-abc123.js`);
    expect([js.status, js.headers.get('cache-control')]).toEqual([200, 'public, max-age=31536000, immutable']);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const icon = await fetch(`${server.url}/favicon.svg`);
    expect([icon.status, icon.headers.get('cache-control')]).toEqual([200, 'no-cache']);
  });

  it('leaves the API to the API, even for browsers', async () => {
    const ping = await fetch(`${server.url}/v1/ping`, { headers: html });
    await expect(ping.json()).resolves.toEqual({ pong: true });
    const missing = await fetch(`${server.url}/v1/nothing-here`, { headers: html });
    expect(missing.status).toBe(404);
    await expect(missing.text()).resolves.not.toContain('<title>Switchboard</title>');
    for (const path of ['/docs', '/docs-json', '/dev/token', '/health/live', '/metrics']) {
      const res = await fetch(`${server.url}${path}`, { headers: html });
      expect([path, res.status]).toEqual([path, 404]);
    }
  });

  it('gives browser navigations the page, and other misses a 404', async () => {
    const nav = await fetch(`${server.url}/supervisor`, { headers: html });
    await expect(nav.text()).resolves.toContain('<title>Switchboard</title>');
    expect((await fetch(`${server.url}/supervisor`, { headers: { accept: 'application/json' } })).status).toBe(404);
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/`, { method: 'POST' })).status).toBe(404);
  });

  it('points to the API at / when the console was not built', async () => {
    const bare = await start(null);
    try {
      const res = await fetch(`${bare.url}/`);
      expect(res.status).toBe(200);
      await expect(res.json()).resolves.toMatchObject({ name: 'Switchboard', api: '/v1', docs: '/docs' });
      expect((await fetch(`${bare.url}/anything`, { headers: html })).status).toBe(404);
      await expect((await fetch(`${bare.url}/v1/ping`)).json()).resolves.toEqual({ pong: true });
    } finally {
      await bare.app.close();
    }
  });

  it('finds a build by walking up from a folder, and reports none', () => {
    const root = mkdtempSync(join(tmpdir(), 'web-root-'));
    try {
      mkdirSync(join(root, 'apps', 'web', 'dist'), { recursive: true });
      mkdirSync(join(root, 'dist', 'apps', 'api', 'src', 'web'), { recursive: true });
      const from = join(root, 'dist', 'apps', 'api', 'src', 'web');
      expect(findWebDist(from)).toBeNull();
      writeFileSync(join(root, 'apps', 'web', 'dist', 'index.html'), '');
      expect(findWebDist(from)).toBe(join(root, 'apps', 'web', 'dist'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
