import type { DataSource, EntityManager } from 'typeorm';
import { type Scope, isDepartmentScope } from './actor';

/**
 * Runs fn in a transaction whose row-level-security scope is set with set_config(..., true), so it
 * lasts exactly as long as the transaction and never leaks to the next user of the pooled connection.
 */
export async function inScope<T>(ds: DataSource, scope: Scope, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  return ds.transaction(async (m) => {
    await applyScope(m, scope);
    return fn(m);
  });
}

export async function applyScope(m: EntityManager, scope: Scope): Promise<void> {
  if (isDepartmentScope(scope)) {
    await m.query(`SELECT set_config('app.scope', 'department', true), set_config('app.scope_path', $1, true)`, [scope.path]);
  } else {
    await m.query(`SELECT set_config('app.scope', 'all', true), set_config('app.scope_path', '', true)`);
  }
}
