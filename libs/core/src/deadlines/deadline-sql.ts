// The deadline sweep's query, on its own (no imports): the worker's sweep runs it, and the intake
// benchmark's bulk load uses it to leave the supervisions the timers of its orders would have written.

/**
 * $1 now, $2 yellow-light permille, $3 statuses in which a unit holds the order, $4 limit, $5 a unit's
 * path or null for every unit. The same
 * instants as deadline-rules.ts timersFor: sign-for and its escalation while dispatched; yellow light
 * (floored to the millisecond) and overdue while the completion clock runs.
 */
export const OVERDUE_TIMERS_SQL = `
SELECT wo.id, t.kind, t.due_at
FROM work_orders wo
CROSS JOIN LATERAL (VALUES
  ('sign_overdue', CASE WHEN wo.status = 'dispatched' THEN wo.sign_due_at END),
  ('sign_escalation', CASE WHEN wo.status = 'dispatched' AND wo.dispatched_at IS NOT NULL
     THEN wo.sign_due_at + GREATEST(wo.sign_due_at - wo.dispatched_at, interval '0') END),
  ('due_soon', CASE WHEN wo.clock_start_at < wo.due_at
     THEN wo.clock_start_at + floor(extract(epoch FROM wo.due_at - wo.clock_start_at) * 1000 * $2 / 1000) * interval '1 millisecond' END),
  ('overdue', wo.due_at)
) AS t(kind, due_at)
WHERE wo.status = ANY($3::varchar[])
  AND ($5::text IS NULL OR wo.department_path LIKE $5::text || '%')
  AND t.due_at <= $1
  AND NOT EXISTS (SELECT 1 FROM supervisions s WHERE s.work_order_id = wo.id AND s.trigger = t.kind AND s.due_at = t.due_at)
ORDER BY t.due_at
LIMIT $4`;
