import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { toPage, type Page } from '#switchboard/common';
import { entityFromRow, keysetRows } from '#switchboard/database';
import type { Repository } from 'typeorm';
import { WebhookSubscription } from './webhook-subscription.entity.js';

export type NewSubscription = Pick<WebhookSubscription, 'id' | 'tenantId' | 'url' | 'events' | 'description' | 'secretSealed'>;
export type SubscriptionChanges = Partial<
  Pick<
    WebhookSubscription,
    'url' | 'events' | 'description' | 'paused' | 'pausedReason' | 'failingSince' | 'secretSealed' | 'previousSecretSealed' | 'previousSecretExpiresAt'
  >
>;

/**
 * The `webhook_subscriptions` table. Tenant changes go through the query builder
 * (TypeORM bumps `version`); the delivery machinery's bookkeeping (the dispatch
 * lease, the failure run) is raw SQL that leaves the version alone, so a
 * tenant's If-Match is not invalidated by deliveries.
 */
@Injectable()
export class WebhookSubscriptionsRepository {
  constructor(@InjectRepository(WebhookSubscription) private readonly repository: Repository<WebhookSubscription>) {}

  async insert(subscription: NewSubscription, now: Date): Promise<WebhookSubscription> {
    const result = await this.repository
      .createQueryBuilder()
      .insert()
      .values({ ...subscription, createdAt: now, updatedAt: now })
      .returning('*')
      .updateEntity(false)
      .execute();
    return entityFromRow(this.repository, result.raw)!;
  }

  async list(tenantId: string, limit: number, cursor?: string): Promise<Page<WebhookSubscription>> {
    const qb = this.repository.createQueryBuilder('s').where('s.tenantId = :tenantId', { tenantId });
    return toPage(await keysetRows(qb, limit, cursor), limit);
  }

  find(tenantId: string, id: string): Promise<WebhookSubscription | null> {
    return this.repository.findOneBy({ id, tenantId });
  }

  /** Any tenant's subscription, for the delivery worker (whose message names it). */
  findById(id: string): Promise<WebhookSubscription | null> {
    return this.repository.findOneBy({ id });
  }

  /** Applies `changes`; with `ifMatch` only at that version. Undefined when no row matched. */
  async update(tenantId: string, id: string, changes: SubscriptionChanges, now: Date, ifMatch?: number): Promise<WebhookSubscription | undefined> {
    const qb = this.repository
      .createQueryBuilder()
      .update()
      .set({ ...changes, updatedAt: now })
      .where('id = :id AND tenant_id = :tenantId', { id, tenantId });
    if (ifMatch !== undefined) qb.andWhere('version = :ifMatch', { ifMatch });
    const result = await qb.returning('*').updateEntity(false).execute();
    return entityFromRow(this.repository, result.raw);
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const result = await this.repository.delete({ id, tenantId });
    return (result.affected ?? 0) > 0;
  }

  /**
   * Takes the subscription's dispatch lease until `until` if it is free (none,
   * or expired) and the subscription is active. False when another batch holds it.
   */
  async claimDispatch(id: string, now: Date, until: Date): Promise<boolean> {
    const rows: unknown[] = await this.repository.query(
      `UPDATE webhook_subscriptions SET dispatched_until = $3
       WHERE id = $1 AND NOT paused AND (dispatched_until IS NULL OR dispatched_until <= $2) RETURNING id`,
      [id, now, until],
    );
    return rowsOf(rows).length > 0;
  }

  async releaseDispatch(id: string): Promise<void> {
    await this.repository.query(`UPDATE webhook_subscriptions SET dispatched_until = NULL WHERE id = $1`, [id]);
  }

  /** Frees every dispatch lease: after a restart of the one process, whose in-memory queue lost the batches on their way. */
  async releaseAllDispatches(): Promise<number> {
    const rows: unknown[] = await this.repository.query(
      `UPDATE webhook_subscriptions SET dispatched_until = NULL WHERE dispatched_until IS NOT NULL RETURNING id`,
    );
    return rowsOf(rows).length;
  }

  /** After a batch with a success: the failure run is over. */
  async markHealthy(id: string): Promise<void> {
    await this.repository.query(`UPDATE webhook_subscriptions SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`, [id]);
  }

  /**
   * After a batch that only failed: starts the failure run, or, once it has
   * lasted `pauseAfterMs`, pauses the subscription with `reason` (shown to the tenant).
   * @returns whether this call paused it.
   */
  async markFailing(id: string, now: Date, pauseAfterMs: number, reason: string): Promise<boolean> {
    const rows: unknown[] = await this.repository.query(
      `UPDATE webhook_subscriptions SET
         failing_since = coalesce(failing_since, $2),
         paused = paused OR coalesce(failing_since, $2) <= $3::timestamptz,
         paused_reason = CASE WHEN NOT paused AND coalesce(failing_since, $2) <= $3::timestamptz
           THEN $4 || ' (failing since ' || to_char(coalesce(failing_since, $2) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ')'
           ELSE paused_reason END,
         version = CASE WHEN NOT paused AND coalesce(failing_since, $2) <= $3::timestamptz THEN version + 1 ELSE version END
       WHERE id = $1 RETURNING paused, paused_reason`,
      [id, now, new Date(now.getTime() - pauseAfterMs), reason],
    );
    const row = rowsOf(rows)[0] as { paused: boolean; paused_reason: string | null } | undefined;
    return !!row?.paused && !!row.paused_reason?.startsWith(reason);
  }
}

/** `repository.query` answers an UPDATE … RETURNING with `[rows, count]`. */
function rowsOf(result: unknown[]): unknown[] {
  return Array.isArray(result[0]) ? (result[0] as unknown[]) : result;
}
