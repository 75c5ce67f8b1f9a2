import { type DynamicModule, Module } from '@nestjs/common';
import { findWebDist } from './web-dist.js';
import { WEB_DIST_DIR, WebConsoleMiddleware } from './web-console.middleware.js';

/**
 * The built agent console at `/` (one-process server only; the API stays under
 * /v1), served by `WebConsoleMiddleware` once `createApiApp` runs it on every
 * request (`app.use`).
 */
@Module({})
export class WebConsoleModule {
  static forRoot(distDir: string | null = findWebDist()): DynamicModule {
    return { module: WebConsoleModule, providers: [{ provide: WEB_DIST_DIR, useValue: distDir }, WebConsoleMiddleware], exports: [WebConsoleMiddleware] };
  }
}
