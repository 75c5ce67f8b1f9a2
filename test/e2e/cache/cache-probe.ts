import { Controller, Delete, Get, HttpCode, Module, Param, Query } from '@nestjs/common';
import { Public } from '#switchboard/auth';
import { AppCache } from '#switchboard/cache';

/** Counts how often each key's value had to be computed (a cache miss or bypass). */
export const computed = new Map<string, number>();

function compute(key: string): Promise<{ key: string; computation: number }> {
  const count = (computed.get(key) ?? 0) + 1;
  computed.set(key, count);
  return Promise.resolve({ key, computation: count });
}

/** HTTP routes over AppCache, so tests observe the cache the way a client would. */
@Public()
@Controller('probe')
class CacheProbeController {
  constructor(private readonly cache: AppCache) {}

  @Get('keys/:key')
  read(@Param('key') key: string, @Query('ttl') ttl?: string) {
    return this.cache.wrap(`probe:${key}`, () => compute(key), ttl ? Number(ttl) : undefined);
  }

  @Delete('keys/:key')
  @HttpCode(204)
  async forget(@Param('key') key: string) {
    await this.cache.del(`probe:${key}`);
  }

  @Get('groups/:group/:key')
  readInGroup(@Param('group') group: string, @Param('key') key: string) {
    return this.cache.wrapInGroup(`probe:${group}`, key, () => compute(`${group}/${key}`));
  }

  @Delete('groups/:group')
  @HttpCode(204)
  async invalidate(@Param('group') group: string) {
    await this.cache.invalidateGroup(`probe:${group}`);
  }
}

@Module({ controllers: [CacheProbeController] })
export class CacheProbeModule {}
