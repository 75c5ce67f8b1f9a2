export { PlatformModule } from './platform.module.js';
export type { PlatformOptions } from './platform.module.js';
export { createHttpApp, prepareHttpApp, HTTP_APP_OPTIONS } from './create-http-app.js';
export { ResourceHeadersExpressAdapter } from './http-adapter.js';
