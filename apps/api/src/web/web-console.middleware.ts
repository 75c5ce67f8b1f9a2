import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { join } from 'node:path';

/** Folder of the built console (apps/web/dist), or null when it was not built. */
export const WEB_DIST_DIR = Symbol('WEB_DIST_DIR');

/** Paths that belong to the server, never to the console. */
const SERVER_PREFIXES = ['/v1', '/docs', '/dev', '/health', '/metrics'];

const isServerPath = (path: string) => SERVER_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}-`));

/**
 * Serves the agent console at `/` in the one-process server (in the cloud,
 * CloudFront serves the same build). Hashed assets are cached for a year; the
 * page itself is revalidated so a deploy shows at once. Without a build, `/`
 * answers a short JSON pointer instead of a 404.
 */
@Injectable()
export class WebConsoleMiddleware implements NestMiddleware {
  private readonly assets?: express.Handler;

  constructor(@Inject(WEB_DIST_DIR) private readonly distDir: string | null) {
    if (distDir) {
      this.assets = express.static(distDir, {
        index: false,
        redirect: false,
        setHeaders: (res, file) => {
          const immutable = file.startsWith(join(distDir, 'assets'));
          res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
    }
  }

  use(req: Request, res: Response, next: NextFunction): void {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isServerPath(req.path)) return next();
    if (!this.distDir) {
      if (req.path !== '/') return next();
      res.json({ name: 'Switchboard', api: '/v1', docs: '/docs', health: '/health/live', console: 'not built: run `npm run build:web`' });
      return;
    }
    this.assets!(req, res, () => this.page(req, res, next));
  }

  /** The SPA's page for `/` and any other path a browser navigates to (no file extension). */
  private page(req: Request, res: Response, next: NextFunction): void {
    const isNavigation = req.path === '/' || (!/\.[a-z0-9]+$/i.test(req.path) && req.accepts(['json', 'html']) === 'html');
    if (!isNavigation) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(this.distDir!, 'index.html'));
  }
}
