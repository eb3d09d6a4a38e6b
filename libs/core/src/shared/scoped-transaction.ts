import type { PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { type Scope, isDepartmentScope } from './actor';
import { isStalePlanError, poolOf, prepared, runPrepared } from './prepared';

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

/** Text of a unit path as the tree writes it ('/<uuid>/<uuid>/…/'), the only form readInScope embeds. */
const UNIT_PATH = /^(\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})+\/$/;

/** What a read in readInScope runs its statements on. */
export type ScopedReader = Pick<PoolClient, 'query'>;

/**
 * A hot read (the work-order list) in a READ ONLY transaction with the same scope as inScope, on a
 * pooled pg connection, with BEGIN and the scope in one round trip instead of two (a multi-statement
 * simple query, so the path is a literal: it must have the unit-path form, and is quoted besides).
 * Three round trips in all: BEGIN + scope, the read, COMMIT. No TypeORM entity manager inside.
 */
export async function readInScope<T>(ds: DataSource, scope: Scope, fn: (db: ScopedReader) => Promise<T>): Promise<T> {
  const client = await poolOf(ds).connect();
  let broken: Error | undefined;
  // A checked-out client has no 'error' listener of the pool's: a connection that dies mid-read
  // (a restart, pg_terminate_backend) would emit an unhandled 'error' and take the process down.
  // Its pending query fails on its own; the connection is dropped, not returned to the pool.
  const onError = (err: Error) => (broken = err);
  client.on('error', onError);
  try {
    let set: string;
    if (isDepartmentScope(scope)) {
      if (!UNIT_PATH.test(scope.path)) throw new Error(`unit path ${JSON.stringify(scope.path)} is not of the form /<uuid>/…/`);
      set = `SELECT set_config('app.scope', 'department', true), set_config('app.scope_path', ${client.escapeLiteral(scope.path)}, true)`;
    } else {
      set = `SELECT set_config('role', '${CENTRE_DB_ROLE}', true), set_config('app.scope', 'all', true), set_config('app.scope_path', '', true)`;
    }
    await client.query(`BEGIN READ ONLY; ${set}`);
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    // A connection that cannot even roll back is dropped from the pool, not handed to the next request.
    await client.query('ROLLBACK').catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}
