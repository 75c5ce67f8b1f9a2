import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { findWebDist } from './web-dist.js';
import { WEB_DIST_DIR, WebConsoleMiddleware } from './web-console.middleware.js';

/** The built agent console at `/` (one-process server only; the API stays under /v1). */
@Module({})
export class WebConsoleModule implements NestModule {
  static forRoot(distDir: string | null = findWebDist()): DynamicModule {
    return { module: WebConsoleModule, providers: [{ provide: WEB_DIST_DIR, useValue: distDir }, WebConsoleMiddleware] };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WebConsoleMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
