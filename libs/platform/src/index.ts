export { PlatformModule } from './platform.module.js';
export type { PlatformOptions } from './platform.module.js';
export { createHttpApp, createHttpAdapter, httpAdapterKind, prepareHttpApp, HTTP_APP_OPTIONS } from './create-http-app.js';
export type { HttpAdapterKind } from './create-http-app.js';
export { matchedRoute } from './http/matched-route.js';
export { useNodeMiddleware } from './http/node-middleware.js';
export type { NodeMiddleware } from './http/node-middleware.js';
