import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Turns a raw RETURNING row (snake_case columns) into an entity instance. */
export function hydrate<E extends ObjectLiteral>(m: EntityManager, target: EntityTarget<E>, row: Record<string, unknown>): E {
  const meta = m.connection.getMetadata(target);
  const out: Record<string, unknown> = {};
  for (const col of meta.columns) {
    if (col.databaseName in row) {
      const v = row[col.databaseName];
      out[col.propertyName] = col.type === 'timestamptz' && typeof v === 'string' ? new Date(v) : v;
    }
  }
  return m.getRepository(target).create(out as E);
}
