import type { DataSource, EntityManager } from 'typeorm';
import { type Scope, isDepartmentScope } from './actor';
import { isStalePlanError, prepared, runPrepared } from './prepared';

/**
 * Runs fn in a transaction whose row-level-security scope is set with set_config(..., true), so it
 * lasts exactly as long as the transaction and never leaks to the next user of the pooled connection.
 */
export async function inScope<T>(ds: DataSource, scope: Scope, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  const once = () =>
    ds.transaction(async (m) => {
      await applyScope(m, scope);
      return fn(m);
    });
  try {
    return await once();
  } catch (err) {
    // A column's type changed under a prepared statement (see prepared.ts): the transaction rolled
    // back and the statement has a fresh name now, so running it again is safe and succeeds.
    if (isStalePlanError(err)) return once();
    throw err;
  }
}

/** Role centre-scope transactions switch to; it bypasses row-level security where it may. */
export const CENTRE_DB_ROLE = 'hotline_centre';

const DEPARTMENT_SCOPE = prepared('scope-department', `SELECT set_config('app.scope', 'department', true), set_config('app.scope_path', $1, true)`);
const CENTRE_SCOPE = prepared(
  'scope-centre',
  `SELECT set_config('role', $1, true), set_config('app.scope', 'all', true), set_config('app.scope_path', '', true)`,
);

export async function applyScope(m: EntityManager, scope: Scope): Promise<void> {
  if (isDepartmentScope(scope)) {
    await runPrepared(m, DEPARTMENT_SCOPE, [scope.path]);
  } else {
    // The centre role bypasses row-level security (see migration CentreRole): no policy qual, true
    // estimates. set_config('role', …, true) is SET LOCAL ROLE: it ends with the transaction.
    await runPrepared(m, CENTRE_SCOPE, [CENTRE_DB_ROLE]);
  }
}
