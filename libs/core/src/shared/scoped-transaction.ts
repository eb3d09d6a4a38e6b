import type { QueryConfig, QueryResult } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { type Scope, isDepartmentScope } from './actor';
import { asQueryFailed, isStalePlanError, poolOf, prepared, runPrepared } from './prepared';
import { type SqlValue, inlineParameters, quoteLiteral } from './sql-literals';

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

/** A read for readInScope: one statement, its parameters, and optionally pg's type parsers for it. */
export interface ScopedRead {
  text: string;
  values: readonly SqlValue[];
  types?: QueryConfig['types'];
}

/** A list read's timestamps print in UTC (see readInScope). */
const UTC = `set_config('TimeZone', 'UTC', true)`;

/**
 * A hot read (the work-order list) in a READ ONLY transaction with the same scope as inScope, on a
 * pooled pg connection, in **one round trip**: BEGIN, the scope, the statement and COMMIT travel as
 * one multi-statement simple query (three round trips before; each costs a write and a read on both
 * sides, and system calls are the dearest thing on these machines). So the statement's parameters
 * and the unit path are written as literals: the values quoted by inlineParameters, the path checked
 * to have the unit-path form besides. A statement that fails aborts the rest of the string (COMMIT is
 * not reached) and the transaction is rolled back here. No TypeORM entity manager inside.
 *
 * The transaction's TimeZone is UTC (set_config(..., true), like the scope), whatever the server's or
 * the database's default: a timestamptz read as text then always ends in '+00', the form the list
 * rearranges into ISO by position (pg-timestamp.ts). A city whose PostgreSQL runs in Asia/Shanghai
 * would otherwise send every list timestamp through a Date (about 4× the cost, 200 of them a page).
 */
export async function readInScope<R>(ds: DataSource, scope: Scope, st: ScopedRead): Promise<R[]> {
  let set: string;
  if (isDepartmentScope(scope)) {
    if (!UNIT_PATH.test(scope.path)) throw new Error(`unit path ${JSON.stringify(scope.path)} is not of the form /<uuid>/…/`);
    set = `SELECT set_config('app.scope', 'department', true), set_config('app.scope_path', ${quoteLiteral(scope.path)}, true), ${UTC}`;
  } else {
    set = `SELECT set_config('role', '${CENTRE_DB_ROLE}', true), set_config('app.scope', 'all', true), set_config('app.scope_path', '', true), ${UTC}`;
  }
  const statement = inlineParameters(st.text, st.values);
  const client = await poolOf(ds).connect();
  let broken: Error | undefined;
  // A checked-out client has no 'error' listener of the pool's: a connection that dies mid-read
  // (a restart, pg_terminate_backend) would emit an unhandled 'error' and take the process down.
  // Its pending query fails on its own; the connection is dropped, not returned to the pool.
  const onError = (err: Error) => (broken = err);
  client.on('error', onError);
  try {
    // pg returns one result per statement of a multi-statement query: BEGIN, the scope, the read, COMMIT.
    const results = (await client.query({ text: `BEGIN READ ONLY; ${set}; ${statement}; COMMIT`, types: st.types })) as unknown as QueryResult[];
    return results[2].rows as R[];
  } catch (err) {
    // A connection that cannot even roll back is dropped from the pool, not handed to the next request.
    await client.query('ROLLBACK').catch((e: Error) => (broken = e));
    throw asQueryFailed(err, st.text, [...st.values]);
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}
