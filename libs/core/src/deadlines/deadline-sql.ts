// The deadline sweep's query, on its own (no imports): the worker's sweep runs it, and the intake
// benchmark's bulk load uses it to leave the supervisions the timers of its orders would have written.

/**
 * $1 now, $2 yellow-light permille, $3 statuses in which a unit holds the order, $4 limit, $5 a unit's
 * path or null for every unit. The timers' instants come from the SQL function work_order_timers
 * (migration NextTimer: the same instants as deadline-rules.ts timersFor; sign-for and its escalation
 * while dispatched, yellow light floored to the millisecond and overdue while the completion clock
 * runs). Only orders whose earliest unfired timer has come are read (next_timer_at, kept by triggers,
 * and its partial index), not every open order.
 */
export const OVERDUE_TIMERS_SQL = `
SELECT wo.id, t.kind, t.due_at
FROM work_orders wo
CROSS JOIN LATERAL work_order_timers(wo, $2) t
WHERE wo.next_timer_at <= $1
  AND wo.status = ANY($3::varchar[])
  AND ($5::text IS NULL OR wo.department_path LIKE $5::text || '%')
  AND t.due_at <= $1
  AND NOT EXISTS (SELECT 1 FROM supervisions s WHERE s.work_order_id = wo.id AND s.trigger = t.kind AND s.due_at = t.due_at)
ORDER BY t.due_at
LIMIT $4`;

/** An order's next_timer_at as the triggers compute it, for a query over work_orders aliased wo. */
export const NEXT_TIMER_OF_WO = 'work_order_next_timer(wo.id, wo.status, wo.dispatched_at, wo.sign_due_at, wo.clock_start_at, wo.due_at)';

/**
 * Orders the sweep would read whose next_timer_at is earlier than their earliest unfired timer, set
 * right so they stop being read. The triggers leave such values where they may: an order's first
 * dispatch reads no supervisions, and a recompute inside another UPDATE sees that statement's
 * snapshot. Only rows whose value is wrong count towards the limit, so orders that stay due (a timer
 * the sweep keeps judging stale) cannot crowd the others out. $1 now, $2 limit, $3 a unit's path or
 * null. Rows another transaction holds are left for the next sweep.
 */
export const STALE_NEXT_TIMERS_SQL = `
UPDATE work_orders wo SET next_timer_at = ${NEXT_TIMER_OF_WO}
FROM (SELECT id FROM work_orders wo
      WHERE next_timer_at <= $1 AND ($3::text IS NULL OR department_path LIKE $3::text || '%')
        AND next_timer_at IS DISTINCT FROM ${NEXT_TIMER_OF_WO}
      ORDER BY next_timer_at LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED) c
WHERE wo.id = c.id
RETURNING wo.id`;

/**
 * The hourly backstop: every open order whose next_timer_at is wrong either way (a write no trigger
 * saw, such as a direct UPDATE of the column) is set right. It computes every open order's timers
 * once (about 30 µs each). $1 a unit's path or null, $2 the statuses in which the clock runs.
 */
export const NEXT_TIMERS_RECHECK_SQL = `
UPDATE work_orders wo SET next_timer_at = ${NEXT_TIMER_OF_WO}
WHERE (wo.status = ANY($2::varchar[]) OR wo.next_timer_at IS NOT NULL) AND ($1::text IS NULL OR wo.department_path LIKE $1::text || '%')
  AND wo.next_timer_at IS DISTINCT FROM ${NEXT_TIMER_OF_WO}`;
