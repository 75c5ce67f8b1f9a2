import { Inject, Injectable } from '@nestjs/common';
import accepts from 'accepts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import send from 'send';
import serveStatic from 'serve-static';

/** Folder of the built console (apps/web/dist), or null when it was not built. */
export const WEB_DIST_DIR = Symbol('WEB_DIST_DIR');

/** Paths that belong to the server, never to the console. */
const SERVER_PREFIXES = ['/v1', '/docs', '/dev', '/health', '/metrics'];

const isServerPath = (path: string) => SERVER_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}-`));

const pathOf = (url = '/') => {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
};

/**
 * Serves the agent console at `/` in the one-process server (in the cloud,
 * CloudFront serves the same build). Hashed assets are cached for a year; the
 * page itself is revalidated so a deploy shows at once. Without a build, `/`
 * answers a short JSON pointer instead of a 404. Runs as Express middleware
 * on the whole path (serve-static and send read `req.url`).
 */
@Injectable()
export class WebConsoleMiddleware {
  private readonly assets?: ReturnType<typeof serveStatic<ServerResponse>>;

  constructor(@Inject(WEB_DIST_DIR) private readonly distDir: string | null) {
    if (distDir) {
      this.assets = serveStatic(distDir, {
        index: false,
        redirect: false,
        setHeaders: (res, file) => {
          const immutable = file.startsWith(join(distDir, 'assets'));
          res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
    }
  }

  use(req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void {
    const path = pathOf(req.url);
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isServerPath(path)) return next();
    if (!this.distDir) {
      if (path !== '/') return next();
      const pointer = JSON.stringify({ name: 'Switchboard', api: '/v1', docs: '/docs', health: '/health/live', console: 'not built: run `npm run build:web`' });
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(pointer);
      return;
    }
    this.assets!(req, res, () => this.page(req, res, path, next));
  }

  /** The SPA's page for `/` and any other path a browser navigates to (no file extension). */
  private page(req: IncomingMessage, res: ServerResponse, path: string, next: (err?: unknown) => void): void {
    const isNavigation = path === '/' || (!/\.[a-z0-9]+$/i.test(path) && accepts(req).type(['json', 'html']) === 'html');
    if (!isNavigation) return next();
    send(req, join(this.distDir!, 'index.html'), { cacheControl: false })
      .on('headers', (response: ServerResponse) => response.setHeader('Cache-Control', 'no-cache'))
      .on('error', next)
      .pipe(res);
  }
}
