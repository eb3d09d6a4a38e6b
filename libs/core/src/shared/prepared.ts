// Named prepared statements for the hot paths (intake, routing, the event writer, the relay).
//
// TypeORM sends every query as an unnamed statement, so PostgreSQL parses and plans it on every
// execution. For a statement that runs once per order that planning is most of its cost (the intake
// statement: 0.9 ms of parse + plan against 0.5 ms of execution). A named statement is parsed once per
// pooled connection and, after five executions, runs on PostgreSQL's cached generic plan.
//
// Only statements whose plan does not depend on their parameters belong here (inserts, lookups by
// primary key, claims by id); list queries keep TypeORM's unnamed statements and their custom plans.
//
// A cached generic plan is made once, from the table as it was then, and kept until the table's
// statistics change (autovacuum's ANALYZE). A statement that runs once per batch over a table that
// starts empty and grows (the outbox, dispatch records) is declared `replan`: it is sent unnamed and
// planned at every call against the table as it is now. Planning once per batch costs little; a
// sequential scan of the whole outbox per batch, planned when the outbox was one page, costs a lot
// wherever autovacuum is off or behind.
import type { Pool, PoolClient } from 'pg';
import { type DataSource, EntityManager, QueryFailedError } from 'typeorm';

export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
  /** Planned at every call (sent unnamed) instead of running on a cached plan: see above. */
  readonly replan: boolean;
}

const registry = new Map<string, string>();

/** Declares a statement once, at module load; a name is bound to exactly one text per process. */
export function prepared(name: string, text: string, opts: { replan?: boolean } = {}): PreparedStatement {
  const known = registry.get(name);
  if (known !== undefined && known !== text) throw new Error(`prepared statement "${name}" is declared twice with different text`);
  registry.set(name, text);
  return { name, text, replan: opts.replan ?? false };
}

/** Claims a job for a consumer (the processed-job record written with the job's effect); a row back means claimed. */
/** The consumer name of routing decisions in processed_jobs (the dispatch and the manual-queue entry share it). */
export const ROUTER_CONSUMER = 'router';

export const CLAIM_JOB = prepared('claim-job', `INSERT INTO processed_jobs (consumer, job_key) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING job_key`);

/** Claims many jobs for a consumer at once; returns the keys claimed now (not those claimed before). */
export const CLAIM_JOBS = prepared(
  'claim-jobs',
  `INSERT INTO processed_jobs (consumer, job_key) SELECT $1, k FROM unnest($2::varchar[]) AS k ON CONFLICT DO NOTHING RETURNING job_key`,
);

/**
 * After a column's type changes under a running process (a migration deployed while it runs), a
 * statement prepared before fails on that connection with "cached plan must not change result type",
 * and would on every later call (pg keeps it marked as parsed). Such a statement is then used under a
 * new name, parsed afresh; the call that met the error is retried once outside a transaction, and
 * inScope() retries its whole transaction once.
 */
const generations = new Map<string, number>();

function liveName(st: PreparedStatement): string {
  const g = generations.get(st.name);
  return g ? `${st.name}~${g}` : st.name;
}

/** True for PostgreSQL's "cached plan must not change result type" (SQLSTATE 0A000). */
export function isStalePlanError(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === '0A000' && /cached plan must not change result type/.test(e.message ?? '');
}

/** The pg connection of the manager's transaction, or undefined outside one. */
async function clientOf(on: EntityManager | DataSource): Promise<PoolClient | undefined> {
  const qr = on instanceof EntityManager ? on.queryRunner : undefined;
  return qr && !qr.isReleased ? ((await qr.connect()) as PoolClient) : undefined;
}

/** The pg pool behind a data source (or a manager's). */
export function poolOf(on: EntityManager | DataSource): Pool {
  const ds = on instanceof EntityManager ? on.connection : on;
  return (ds.driver as unknown as { master: Pool }).master;
}

/** A pg error as TypeORM's QueryFailedError, like every other query's. */
export function asQueryFailed(err: unknown, text: string, values: unknown[]): unknown {
  return err instanceof Error && 'code' in err && !(err instanceof QueryFailedError) ? new QueryFailedError(text, values, err) : err;
}

/**
 * Runs a prepared statement on the transaction's connection (an EntityManager from a transaction),
 * or on any pooled connection (a DataSource, or a manager outside a transaction). Errors come back as
 * TypeORM's QueryFailedError, like every other query's.
 */
export async function runPrepared<R>(on: EntityManager | DataSource, st: PreparedStatement, values: unknown[]): Promise<R[]> {
  try {
    const client = await clientOf(on);
    const run = async (): Promise<R[]> =>
      (await (client ?? poolOf(on)).query(st.replan ? { text: st.text, values } : { name: liveName(st), text: st.text, values })).rows as R[];
    try {
      return await run();
    } catch (err) {
      if (!isStalePlanError(err)) throw err;
      generations.set(st.name, (generations.get(st.name) ?? 0) + 1);
      if (client) throw err;
      return await run();
    }
  } catch (err) {
    throw asQueryFailed(err, st.text, values);
  }
}
