// What the routing sweep's 10 s query (UNROUTED_SQL) costs: a full pass (every registered order, as
// every pass read before the window) beside a windowed pass (orders registered since just before the
// previous pass's cutoff: ROUTING_GRACE_MS + ROUTING_SWEEP_SLACK_MS + one 10 s period), at the
// moment the intake bench's api phase ended. On a database kept by the intake bench (KEEP_BENCH_DB=1
// npm run bench:intake): the router queued most of the api's orders (registered, with a manual-queue
// entry), and each is one the anti-join looks at and passes over. That queue built up within the
// bench's few minutes, so the window holds nearly all of it and the two cost the same here; in a city
// the queue also holds orders waiting for hours, which only the hourly full pass reads. (A later
// moment cannot be shown on this database: pgbench's never-routed rows follow the api phase.)
// Read-only. Each query is timed SWEEP_ROUNDS (7) times with EXPLAIN ANALYZE, alternating; prints
// JSON: the queue, the medians, buffers and the ratio.
//
//   node -r ./scripts/register.js bench/routing/sweep-query.ts      # DATABASE_URL, default hotline_bench
import { Client } from 'pg';
import { median } from '../stats';
import { UNROUTED_SQL } from '../../libs/core/src/routing/routing.service';
import { ROUTING_GRACE_MS, ROUTING_SWEEP_LIMIT, ROUTING_SWEEP_SLACK_MS } from '../../apps/worker/src/processors/routing-sweep';

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotline_bench';
const ROUNDS = Number(process.env.SWEEP_ROUNDS ?? 7);
const PERIOD_MS = 10_000;

interface PlanNode {
  'Node Type': string;
  'Actual Rows': number;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: PlanNode[];
}
interface Explained {
  'Execution Time': number;
  Plan: PlanNode;
}

/** Rows the plan's scan of work_orders returned (registered orders looked at). */
function scanned(n: PlanNode): number {
  if (n['Node Type'].includes('Scan') && !n.Plans) return n['Actual Rows'];
  return n.Plans ? scanned(n.Plans[0]) : 0;
}

async function main(): Promise<void> {
  if (!URL.includes('bench')) throw new Error('DATABASE_URL must name a bench database');
  const c = new Client({ connectionString: URL });
  await c.connect();
  try {
    // The end of the api phase: the newest order the router queued (pgbench's rows come later and were never routed).
    const [{ end }] = (await c.query(`SELECT max(created_at) AS end FROM routing_suggestions`)).rows as { end: Date | null }[];
    if (!end) throw new Error('no manual-queue entries: run KEEP_BENCH_DB=1 npm run bench:intake first');
    const summary = (rs: Explained[]) => ({
      found: rs[0].Plan['Actual Rows'],
      registeredOrdersLookedAt: scanned(rs[0].Plan),
      medianExecMs: +median(rs.map((r) => r['Execution Time'])).toFixed(3),
      medianBuffers: median(rs.map((r) => r.Plan['Shared Hit Blocks'] + r.Plan['Shared Read Blocks'])),
    });
    const at = async (cutoff: Date) => {
      const [counts] = (
        await c.query(
          `SELECT count(*)::int AS registered, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM routing_suggestions rs WHERE rs.work_order_id = wo.id))::int AS queued
           FROM work_orders wo WHERE wo.status = 'registered' AND wo.created_at < $1`,
          [cutoff],
        )
      ).rows as { registered: number; queued: number }[];
      const since = new Date(cutoff.getTime() - PERIOD_MS - ROUTING_GRACE_MS - ROUTING_SWEEP_SLACK_MS);
      const variants = { full: null, windowed: since } as const;
      const runs: Record<keyof typeof variants, Explained[]> = { full: [], windowed: [] };
      for (let i = 0; i < ROUNDS; i++) {
        for (const [name, from] of Object.entries(variants) as [keyof typeof variants, Date | null][]) {
          const [{ 'QUERY PLAN': plan }] = (await c.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${UNROUTED_SQL}`, [cutoff, ROUTING_SWEEP_LIMIT, from]))
            .rows as { 'QUERY PLAN': Explained[] }[];
          runs[name].push(plan[0]);
        }
      }
      const full = summary(runs.full);
      const windowed = summary(runs.windowed);
      return {
        cutoff: cutoff.toISOString(),
        windowFrom: since.toISOString(),
        registeredOrders: counts.registered,
        inTheManualQueue: counts.queued,
        full,
        windowed,
        ratioFullToWindowed: +(full.medianExecMs / Math.max(windowed.medianExecMs, 0.001)).toFixed(1),
      };
    };
    const result = {
      benchmark: 'routing-sweep-query',
      date: new Date().toISOString(),
      rounds: ROUNDS,
      ...(await at(new Date(end.getTime() + ROUTING_GRACE_MS))),
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } finally {
    await c.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
