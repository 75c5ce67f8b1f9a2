export { AppCache } from './app-cache.js';
export { CacheModule } from './cache.module.js';
export { CacheStore, waitForReady } from './cache-store.js';
export { RedisKeyvStore } from './redis-keyv-store.js';
export { cacheConfig } from './cache.config.js';
