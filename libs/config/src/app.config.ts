import { defineConfig, setting } from './define-config.js';
import { byteSize, int, oneOf, origins, text, trustProxy } from './schemas.js';

export const appConfig = defineConfig('app', {
  nodeEnv: setting('NODE_ENV', oneOf(['production', 'development', 'test'], 'expected production, development or test')),
  port: setting('PORT', int(0, 65535)),
  host: setting('HOST', text()),
  logLevel: setting('LOG_LEVEL', oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'expected a pino level')),
  dataDir: setting('DATA_DIR', text()),
  bodyLimit: setting('HTTP_BODY_LIMIT', byteSize()),
  keepAliveTimeoutMs: setting('HTTP_KEEP_ALIVE_TIMEOUT_MS', int(1000, 600000)),
  shutdownGraceMs: setting('SHUTDOWN_GRACE_MS', int(0, 120000)),
  corsOrigins: setting('CORS_ORIGINS', origins()),
  /** Unset: no proxy is trusted, the client is the socket's peer. */
  trustProxy: setting('TRUST_PROXY', trustProxy().optional()),
});
