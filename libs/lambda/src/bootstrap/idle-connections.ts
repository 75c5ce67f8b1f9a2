import type { INestApplicationContext } from '@nestjs/common';
import { CacheStore, waitForReady } from '#switchboard/cache';
import { closeIdleConnections } from '#switchboard/database';
import { DataSource } from 'typeorm';
import { lambdaLogger } from '../observability/powertools.js';

const REDIS_READY_WAIT_MS = 250;

/**
 * A frozen container's TCP connections may have been dropped silently by the
 * network (Lambda's VPC interfaces forget a flow after 350 s idle): a query on
 * such a socket hangs instead of failing. After `idleMs` without an invocation
 * the idle database clients are discarded (the pool opens fresh ones on demand)
 * and the Redis client reconnects, before the invocation uses either.
 */
export class IdleConnections {
  private last = Date.now();

  constructor(
    private readonly app: INestApplicationContext,
    private readonly idleMs: number,
  ) {}

  async beforeInvocation(): Promise<void> {
    const idle = Date.now() - this.last;
    if (idle < this.idleMs) return;
    const dataSource = find(this.app, DataSource);
    const dropped = dataSource ? await closeIdleConnections(dataSource) : 0;
    const redis = await this.reconnectRedis();
    lambdaLogger.debug('Connections refreshed after idle', { idleMs: idle, databaseClientsDropped: dropped, redisReconnected: redis });
  }

  afterInvocation(): void {
    this.last = Date.now();
  }

  private async reconnectRedis(): Promise<boolean> {
    const client = find(this.app, CacheStore)?.redis;
    if (!client || client.status === 'end') return false;
    client.disconnect(true);
    await waitForReady(client, REDIS_READY_WAIT_MS);
    return true;
  }
}

function find<T>(app: INestApplicationContext, type: abstract new (...args: never[]) => T): T | undefined {
  try {
    return app.get(type as never, { strict: false }) as T;
  } catch {
    return undefined; // not part of this function (e.g. no cache module)
  }
}
