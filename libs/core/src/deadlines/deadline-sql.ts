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

/**
 * Orders the sweep would read whose next_timer_at is earlier than their earliest unfired timer
 * (a trigger that read a snapshot from before a timer's supervision committed): set right, so they
 * stop being read. $1 now, $2 limit, $3 a unit's path or null. Rows another transaction holds are
 * left for the next sweep.
 */
/** An order's next_timer_at as the triggers compute it, for a query over work_orders aliased wo. */
export const NEXT_TIMER_OF_WO = 'work_order_next_timer(wo.id, wo.status, wo.dispatched_at, wo.sign_due_at, wo.clock_start_at, wo.due_at)';

export const STALE_NEXT_TIMERS_SQL = `
UPDATE work_orders wo SET next_timer_at = ${NEXT_TIMER_OF_WO}
FROM (SELECT id FROM work_orders
      WHERE next_timer_at <= $1 AND ($3::text IS NULL OR department_path LIKE $3::text || '%')
      ORDER BY next_timer_at LIMIT $2 FOR UPDATE SKIP LOCKED) c
WHERE wo.id = c.id AND wo.next_timer_at IS DISTINCT FROM ${NEXT_TIMER_OF_WO}
RETURNING wo.id`;
