import { CacheModule as NestCacheModule } from '@nestjs/cache-manager';
import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppCache } from './app-cache.js';
import { cacheConfig } from './cache.config.js';
import { CacheStore, createCacheStore } from './cache-store.js';

@Module({
  imports: [ConfigModule.forFeature(cacheConfig)],
  providers: [{ provide: CacheStore, inject: [cacheConfig.KEY], useFactory: createCacheStore }],
  exports: [CacheStore, ConfigModule],
})
class CacheStoreModule {}

/** Global `AppCache` on @nestjs/cache-manager: Redis when REDIS_URL is set, memory otherwise. */
@Global()
@Module({
  imports: [
    CacheStoreModule,
    NestCacheModule.registerAsync({ imports: [CacheStoreModule], inject: [CacheStore], useFactory: (store: CacheStore) => ({ stores: [store.keyv] }) }),
  ],
  providers: [AppCache],
  exports: [AppCache],
})
export class CacheModule {}
