import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { toPage, type Page } from '#switchboard/common';
import { entityFromRow, keysetRows } from '#switchboard/database';
import type { EntityManager, Repository } from 'typeorm';
import { WebhookDelivery, type DeliveryStatus } from './webhook-delivery.entity.js';

/**
 * Moves a batch of the event outbox into deliveries, one per event and matching
 * active subscription of its tenant, and removes the batch from the outbox, in
 * one statement (so in one transaction): an event is fanned out once, or not at
 * all. SKIP LOCKED lets two relays share the outbox.
 */
const FAN_OUT = `
  WITH batch AS (
    SELECT id FROM event_outbox ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED
  ), taken AS (
    DELETE FROM event_outbox o USING batch WHERE o.id = batch.id RETURNING o.*
  ), inserted AS (
    INSERT INTO webhook_deliveries (tenant_id, subscription_id, event_id, event_type, occurred_at, payload, next_attempt_at, retry_until, created_at, updated_at)
    SELECT t.tenant_id, s.id, t.id, t.type, t.occurred_at, t.payload, $2, $3, $2, $2
    FROM taken t JOIN webhook_subscriptions s ON s.tenant_id = t.tenant_id AND t.type = ANY (s.events) AND NOT s.paused
    ON CONFLICT (subscription_id, event_id) DO NOTHING
    RETURNING subscription_id
  )
  SELECT (SELECT count(*)::int FROM taken) AS events, coalesce((SELECT array_agg(DISTINCT subscription_id) FROM inserted), '{}') AS subscriptions`;

/** One attempt's result, as recorded. */
export interface AttemptRecord {
  id: string;
  status: DeliveryStatus;
  statusCode: number | null;
  error: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
}

/** A delivery log's filter. */
export interface DeliverySearch {
  status?: DeliveryStatus;
}

/** The `webhook_deliveries` table: the delivery log and, through its pending rows, the retry schedule. */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(@InjectRepository(WebhookDelivery) private readonly repository: Repository<WebhookDelivery>) {}

  /** See FAN_OUT. @returns the events taken and the subscriptions that got deliveries. */
  async fanOut(manager: EntityManager, limit: number, now: Date, retryUntil: Date): Promise<{ events: number; subscriptions: string[] }> {
    const rows = (await manager.query(FAN_OUT, [limit, now, retryUntil])) as { events: number; subscriptions: string[] }[];
    return rows[0]!;
  }

  /** Ids of the subscription's due deliveries, oldest event first. */
  async dueIds(subscriptionId: string, now: Date, limit: number): Promise<string[]> {
    const rows = await this.repository
      .createQueryBuilder('d')
      .select('d.id', 'id')
      .where(`d.subscriptionId = :subscriptionId AND d.status = 'pending' AND d.nextAttemptAt <= :now`, { subscriptionId, now })
      .orderBy('d.occurredAt')
      .addOrderBy('d.id')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** Active subscriptions with due deliveries and no batch on its way (the sweep after a crash, and retries). */
  async subscriptionsWithDue(now: Date, limit: number): Promise<string[]> {
    const rows = (await this.repository.query(
      `SELECT s.id FROM webhook_subscriptions s
       WHERE NOT s.paused AND (s.dispatched_until IS NULL OR s.dispatched_until <= $1)
         AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.subscription_id = s.id AND d.status = 'pending' AND d.next_attempt_at <= $1)
       LIMIT $2`,
      [now, limit],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** The pending ones among `ids`, oldest event first. */
  pendingByIds(subscriptionId: string, ids: string[]): Promise<WebhookDelivery[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.repository
      .createQueryBuilder('d')
      .where(`d.subscriptionId = :subscriptionId AND d.status = 'pending' AND d.id IN (:...ids)`, { subscriptionId, ids })
      .orderBy('d.occurredAt')
      .addOrderBy('d.id')
      .getMany();
  }

  /** Writes a batch's attempts in one statement. */
  async recordAttempts(records: AttemptRecord[], now: Date): Promise<void> {
    if (records.length === 0) return;
    await this.repository.query(
      `UPDATE webhook_deliveries d SET
         status = r.status, attempts = d.attempts + 1, last_status_code = r.status_code, last_error = r.error,
         next_attempt_at = r.next_attempt_at, delivered_at = coalesce(r.delivered_at, d.delivered_at), updated_at = $2
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, status text, status_code int, error text, next_attempt_at timestamptz, delivered_at timestamptz)
       WHERE d.id = r.id AND d.status = 'pending'`,
      [
        JSON.stringify(
          records.map((r) => ({
            id: r.id,
            status: r.status,
            status_code: r.statusCode,
            error: r.error,
            next_attempt_at: r.nextAttemptAt,
            delivered_at: r.deliveredAt,
          })),
        ),
        now,
      ],
    );
  }

  /** Moves deliveries not tried in a batch (it stopped at an unresponsive receiver) to `at`, without counting an attempt. */
  async postpone(ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.repository.query(`UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE id = ANY ($1::uuid[]) AND status = 'pending'`, [ids, at]);
  }

  /** Deletes up to `limit` deliveries that finished (delivered or failed) before `before`, oldest first. @returns how many. */
  async pruneFinished(before: Date, limit: number): Promise<number> {
    const result = await this.repository
      .createQueryBuilder()
      .delete()
      .where(`id IN (SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < :before ORDER BY updated_at LIMIT :limit)`, {
        before,
        limit,
      })
      .execute();
    return result.affected ?? 0;
  }

  /** One keyset page of a subscription's deliveries, newest first. */
  async list(tenantId: string, subscriptionId: string, search: DeliverySearch, limit: number, cursor?: string): Promise<Page<WebhookDelivery>> {
    const qb = this.repository.createQueryBuilder('d').where('d.tenantId = :tenantId AND d.subscriptionId = :subscriptionId', { tenantId, subscriptionId });
    if (search.status) qb.andWhere('d.status = :status', { status: search.status });
    return toPage(await keysetRows(qb, limit, cursor), limit);
  }

  /** Makes a delivery due again now with a fresh retry window; the payload (and so its eventId) is unchanged. */
  async redeliver(tenantId: string, subscriptionId: string, id: string, now: Date, retryUntil: Date): Promise<WebhookDelivery | undefined> {
    const result = await this.repository
      .createQueryBuilder()
      .update()
      .set({ status: 'pending', nextAttemptAt: now, retryUntil, updatedAt: now })
      .where('id = :id AND tenant_id = :tenantId AND subscription_id = :subscriptionId', { id, tenantId, subscriptionId })
      .returning('*')
      .updateEntity(false)
      .execute();
    return entityFromRow(this.repository, result.raw);
  }
}
