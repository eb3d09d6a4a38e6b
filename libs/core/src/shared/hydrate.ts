import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

interface Mapping {
  make: () => ObjectLiteral;
  columns: { databaseName: string; propertyName: string; timestamptz: boolean }[];
}

const mappings = new WeakMap<object, Mapping>();

function mappingOf(m: EntityManager, target: EntityTarget<ObjectLiteral>): Mapping {
  const meta = m.connection.getMetadata(target);
  const key = meta.target as object;
  let mapping = mappings.get(key);
  if (!mapping) {
    const Ctor = typeof meta.target === 'function' ? (meta.target as new () => ObjectLiteral) : null;
    mapping = {
      // Entities here are plain classes (no constructor logic, no embedded columns): an instance with its
      // columns assigned is what repository.create() would build, without its per-column transformer walk.
      make: Ctor ? () => new Ctor() : () => ({}),
      columns: meta.columns.map((c) => ({ databaseName: c.databaseName, propertyName: c.propertyName, timestamptz: c.type === 'timestamptz' })),
    };
    mappings.set(key, mapping);
  }
  return mapping;
}

/** Turns a raw row (snake_case columns, e.g. from RETURNING or a list query) into an entity instance. */
export function hydrate<E extends ObjectLiteral>(m: EntityManager, target: EntityTarget<E>, row: Record<string, unknown>): E {
  const { make, columns } = mappingOf(m, target);
  const out = make() as Record<string, unknown>;
  for (const col of columns) {
    const v = row[col.databaseName];
    if (v === undefined) continue;
    out[col.propertyName] = col.timestamptz && typeof v === 'string' ? new Date(v) : v;
  }
  return out as E;
}
