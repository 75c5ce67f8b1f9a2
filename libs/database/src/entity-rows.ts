import type { ObjectLiteral, Repository } from 'typeorm';

/**
 * Entities from the rows of a raw statement (`manager.query(...)`, or an
 * insert/update query builder's `RETURNING *` in `execute().raw`): each column
 * the entity maps is read by its database name and converted the way TypeORM
 * converts a `find()` result (timestamps, json, arrays), so a repository that
 * writes with one round trip returns the same entity a read would.
 */
export function entitiesFromRows<T extends ObjectLiteral>(repository: Repository<T>, rows: Record<string, unknown>[]): T[] {
  const { metadata, manager } = repository;
  const driver = manager.connection.driver;
  return rows.map((row) => {
    const entity = repository.create();
    for (const column of metadata.columns) {
      if (column.databaseName in row) column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
    }
    return entity;
  });
}

/** The one entity of a raw statement's first row, or undefined when it returned none. */
export function entityFromRow<T extends ObjectLiteral>(repository: Repository<T>, rows: Record<string, unknown>[]): T | undefined {
  return rows.length ? entitiesFromRows(repository, rows.slice(0, 1))[0] : undefined;
}
