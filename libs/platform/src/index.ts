export { PlatformModule } from './platform.module.js';
export type { PlatformOptions } from './platform.module.js';
export { createHttpApp, createHttpAdapter, prepareHttpApp, HTTP_APP_OPTIONS } from './create-http-app.js';
export { matchedRoute } from './http/matched-route.js';
export { contentSecurityPolicy } from './http/content-security-policy.js';
export type { ContentSecurityPolicyOptions } from './http/content-security-policy.js';
