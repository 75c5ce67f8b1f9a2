import type { INestApplicationContext } from '@nestjs/common';
import { CacheStore, waitForReady } from '#switchboard/cache';
import { Database } from '#switchboard/database';
import { lambdaLogger } from '../observability/powertools.js';

const REDIS_READY_WAIT_MS = 250;

/** The parts of pg-pool's state used to drop idle clients (it has no public call for that). */
interface PgPoolInternals {
  _idle?: { client: unknown }[];
  _remove?: (client: unknown) => void;
}

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
    const dropped = this.dropIdleDatabaseClients();
    const redis = await this.reconnectRedis();
    lambdaLogger.debug('Connections refreshed after idle', { idleMs: idle, databaseClientsDropped: dropped, redisReconnected: redis });
  }

  afterInvocation(): void {
    this.last = Date.now();
  }

  private dropIdleDatabaseClients(): number {
    const pool = find(this.app, Database)?.pool as PgPoolInternals | undefined;
    const idle = pool?._idle?.slice() ?? [];
    for (const { client } of idle) pool!._remove!(client);
    return idle.length;
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
