// What the deadline sweep's query (OVERDUE_TIMERS_SQL) costs in a city's steady state, where every
// past-due timer has fired and a sweep finds nothing, beside the same query reading every open order
// (as it did before next_timer_at: the timers of every open order computed and supervisions probed
// for each one past due, 260 ms with 72,000 open orders). On a database kept by the intake
// bench (KEEP_BENCH_DB=1 npm run bench:intake): its api-created orders were dispatched by the router
// and nobody signed them. The clock is put SWEEP_AHEAD_H (72) hours ahead so their sign-for timers are
// past due, every past-due timer is marked fired (the supervisions the sweep would have written, by the
// sweep's own query, committed), and then the query is timed SWEEP_ROUNDS (7) times: right after
// those fires, after a VACUUM, and reading every open order. The supervisions are deleted at the end. Prints JSON: open orders, past-due timers, median execution time and buffers.
//
//   node -r ./scripts/register.js bench/deadlines/sweep.ts      # DATABASE_URL, default hotline_bench
import { Client } from 'pg';
import { median } from '../stats';
import { OVERDUE_TIMERS_SQL } from '../../libs/core/src/deadlines/deadline-sql';
import { CLOCK_RUNNING, TIMER_EFFECT, yellowPermille } from '../../libs/core/src/deadlines/deadline-rules';

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotline_bench';
const AHEAD_H = Number(process.env.SWEEP_AHEAD_H ?? 72);
const ROUNDS = Number(process.env.SWEEP_ROUNDS ?? 7);
const BATCH = 200;

interface Explained {
  'Execution Time': number;
  Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number; 'Actual Rows': number };
}

async function main(): Promise<void> {
  if (!URL.includes('bench')) throw new Error('DATABASE_URL must name a bench database');
  const c = new Client({ connectionString: URL });
  await c.connect();
  let written: string[] = [];
  try {
    const [{ now }] = (await c.query(`SELECT now() + make_interval(hours => $1) AS now`, [AHEAD_H])).rows as { now: Date }[];
    const permille = yellowPermille(0.8);
    const kinds = Object.keys(TIMER_EFFECT) as (keyof typeof TIMER_EFFECT)[];
    const [{ open }] = (await c.query(`SELECT count(*)::int AS open FROM work_orders WHERE status = ANY($1::varchar[])`, [CLOCK_RUNNING])).rows as {
      open: number;
    }[];
    // Every timer past due at `now` fired: the steady state, where the sweep finds nothing new.
    const fired = await c.query(
      `INSERT INTO supervisions (work_order_id, department_id, kind, source, note, issued_by_id, issued_at, trigger, due_at)
       SELECT t.id, wo.department_id, e.supervision, 'automatic', e.note, NULL, t.due_at, t.kind, t.due_at
       FROM (${OVERDUE_TIMERS_SQL.replace('LIMIT $4', '')}) t
       JOIN work_orders wo ON wo.id = t.id
       JOIN unnest($4::text[], $6::text[], $7::text[]) AS e(kind, supervision, note) ON e.kind = t.kind
       ON CONFLICT DO NOTHING RETURNING id`,
      [now, permille, CLOCK_RUNNING, kinds, null, kinds.map((k) => TIMER_EFFECT[k].supervision), kinds.map((k) => TIMER_EFFECT[k].note)],
    );
    written = (fired.rows as { id: string }[]).map((r) => r.id);
    await c.query('ANALYZE supervisions');
    const [{ pastDue }] = (await c.query(`SELECT count(*)::int AS "pastDue" FROM supervisions WHERE trigger IS NOT NULL AND due_at <= $1`, [now])).rows as {
      pastDue: number;
    }[];
    const time = async (sql: string) => {
      const runs: Explained[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const [{ 'QUERY PLAN': plan }] = (await c.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, [now, permille, CLOCK_RUNNING, BATCH, null]))
          .rows as { 'QUERY PLAN': Explained[] }[];
        runs.push(plan[0]);
      }
      return {
        rows: runs[0].Plan['Actual Rows'],
        medianExecMs: +median(runs.map((r) => r['Execution Time'])).toFixed(3),
        medianBuffers: median(runs.map((r) => r.Plan['Shared Hit Blocks'] + r.Plan['Shared Read Blocks'])),
      };
    };
    // Right after the fires, the index still holds each fired order's old entry; then after VACUUM.
    const sweepAfterTheFires = await time(OVERDUE_TIMERS_SQL);
    await c.query('VACUUM (ANALYZE) work_orders');
    const sweep = await time(OVERDUE_TIMERS_SQL);
    // The same query reading every open order (what the sweep ran before next_timer_at), for the ratio.
    const everyOpenOrder = await time(OVERDUE_TIMERS_SQL.replace('wo.next_timer_at <= $1', 'TRUE'));
    const [{ candidates }] = (await c.query(`SELECT count(*)::int AS candidates FROM work_orders WHERE next_timer_at <= $1`, [now])).rows as {
      candidates: number;
    }[];
    const result = {
      benchmark: 'deadline-sweep',
      date: new Date().toISOString(),
      clockAheadH: AHEAD_H,
      openOrders: open,
      supervisionsWrittenForTheSteadyState: fired.rowCount,
      pastDueTimersFired: pastDue,
      rounds: ROUNDS,
      ordersWithANextTimerDue: candidates,
      sweepRightAfterTheFires: sweepAfterTheFires,
      sweep,
      sweepReadingEveryOpenOrder: everyOpenOrder,
      everyOpenOrderMsPerThousandOpenOrders: +((everyOpenOrder.medianExecMs / open) * 1000).toFixed(2),
      ratioEveryOpenOrderToSweep: +(everyOpenOrder.medianExecMs / Math.max(sweep.medianExecMs, 0.001)).toFixed(1),
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } finally {
    // The supervisions written here are deleted again (their triggers put each order's next timer back).
    if (written.length) await c.query(`DELETE FROM supervisions WHERE id = ANY($1::uuid[])`, [written]);
    await c.query('VACUUM (ANALYZE) work_orders');
    await c.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
