import { Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { Redis } from 'ioredis';
import { authConfig } from '../auth.config.js';
import { MemoryWindowStorage, RedisWindowStorage } from './window-storage.js';

export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

/** Redis counters when REDIS_URL is set (shared by every process), memory otherwise. */
@Module({
  imports: [ConfigModule.forFeature(authConfig)],
  providers: [
    {
      provide: RATE_LIMIT_STORAGE,
      inject: [authConfig.KEY],
      useFactory: (cfg: ConfigType<typeof authConfig>) => {
        if (!cfg.redisUrl) return new MemoryWindowStorage();
        // Fail fast: a dead Redis must cost milliseconds per request, not seconds.
        const redis = new Redis(cfg.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 500, connectTimeout: 2000, disconnectTimeout: 200 });
        redis.on('error', () => undefined); // reported by the storage when a command fails
        return new RedisWindowStorage(redis, `${cfg.keyPrefix ?? 'switchboard'}:`);
      },
    },
  ],
  exports: [RATE_LIMIT_STORAGE],
})
export class RateLimitStorageModule {}
