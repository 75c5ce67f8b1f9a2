import { decodeCursor } from '#switchboard/common';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * The rows of one keyset page of what `query` selects, newest first
 * (`created_at desc, id desc`, the order every list index serves): those after
 * `cursor`, one more than `limit` so `toPage` can tell whether a next page
 * exists. The entity behind `query`'s main alias needs `createdAt` and `id`.
 */
export function keysetRows<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, limit: number, cursor?: string): Promise<T[]> {
  const alias = query.alias;
  if (cursor) {
    const after = decodeCursor(cursor);
    query.andWhere(`(${alias}.createdAt, ${alias}.id) < (:afterCreatedAt, :afterId)`, { afterCreatedAt: after.createdAt, afterId: after.id });
  }
  return query
    .orderBy(`${alias}.createdAt`, 'DESC')
    .addOrderBy(`${alias}.id`, 'DESC')
    .limit(limit + 1)
    .getMany();
}
