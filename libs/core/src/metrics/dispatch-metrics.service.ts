// 派单准确率, first-dispatch accuracy, hops, on-time sign and completion: the worker-side fold of
// work-order events into dispatch_daily, its sweep, and the report over the rollup.
//
// Attribution (which day and unit each count lands on):
// - A first-level dispatch counts on the day of the dispatch, for the unit that received it.
// - An approved return counts against the first-level dispatch it ended: that dispatch's unit (the unit
//   that returned it, or the district whose street office returned it) and that dispatch's day, not the
//   day of approval. A 12345 centre judges "of the orders we dispatched in November, how many did we
//   send to the wrong unit", so the numerator is a subset of the denominator (a rate never exceeds 1 and a
//   unit cannot be charged with a return for a month in which it received nothing). The price is that a
//   period's figure settles only when its last return window closes (2 working days plus review), which
//   is why monthly assessments are read a few days after the month ends. Denied returns count nowhere.
// - Per-order figures (orders, first-unit-final, hops) belong to the order's first first-level dispatch
//   (its day and unit): hops measure what the centre's first choice cost.
// - Signs count on the day of signing for the unit that signed; completions (the unit's 办结 is its
//   reply) on the day of the reply for the unit that replied. "Open overdue" is a snapshot taken from
//   work_orders at report time (still with a unit, deadline passed before the end of the period).
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { DispatchCounts, DispatchMetricsReport, DispatchMetricsRow, JobPayloads } from '@hotline/contracts';
import { CalendarService } from '../calendar/calendar.service';
import { addLocalDays, businessDayRange, localDate } from '../calendar/working-time';
import { CLOCK, type Clock } from '../shared/clock';
import { ALL } from '../shared/actor';
import { InvalidInput } from '../shared/errors';
import type { EventReaction } from '../shared/event-reaction';
import { sweepEventLog } from '../shared/event-log-sweep';
import { CLAIM_JOB, CLAIM_JOBS, prepared, runPrepared } from '../shared/prepared';
import { inScope } from '../shared/scoped-transaction';
import { DISPATCH_ROLLUP_EVENT_TYPES, ZERO_DISPATCH_COUNTS, addDispatchCounts, cumulativeOverdue, dispatchRates } from './dispatch-rates';

/** The consumer name of the dispatch-rate rollup (processed_jobs, rollup_watermarks). */
export const DISPATCH_ROLLUP_CONSUMER = 'dispatch-rollup';
const CONSUMER = DISPATCH_ROLLUP_CONSUMER;
const TYPES: readonly string[] = DISPATCH_ROLLUP_EVENT_TYPES;
const RELEVANT = new Set(TYPES);
/** Statuses in which the order is with a unit that has not replied yet. */
const OPEN_WITH_UNIT = ['dispatched', 'accepted', 'return_requested'];
const MAX_DAYS = 366;

type RollupColumn =
  'dispatches' | 'approved_returns' | 'orders' | 'first_unit_final' | 'hops' | 'signs' | 'signs_on_time' | 'completions' | 'completions_on_time';
const COLUMNS: Record<RollupColumn, keyof DispatchCounts> = {
  dispatches: 'dispatches',
  approved_returns: 'approvedReturns',
  orders: 'orders',
  first_unit_final: 'firstUnitFinal',
  hops: 'hops',
  signs: 'signs',
  signs_on_time: 'signsOnTime',
  completions: 'completions',
  completions_on_time: 'completionsOnTime',
};

interface EventRow {
  id: string;
  work_order_id: string;
  type: string;
  details: Record<string, unknown>;
  occurred_at: Date;
}
interface HopRow {
  hop: number;
  level: number;
  department_id: string;
  dispatched_at: Date;
}
type Delta = { day: string; departmentId: string } & Partial<Record<RollupColumn, number>>;

export interface ReconcileOptions {
  /** Events younger than this may still have lower-id siblings uncommitted; the watermark stops before them. */
  settleSeconds?: number;
  batch?: number;
  /** Bounds one call (a first run backfills the whole history a few batches per call). */
  maxBatches?: number;
}

const EVENT_BY_ID = prepared('event-by-id', `SELECT id::text AS id, work_order_id, type, details, occurred_at FROM work_order_events WHERE id = $1`);
const EVENTS_BY_IDS = prepared(
  'events-by-ids',
  `SELECT id::text AS id, work_order_id, type, details, occurred_at FROM work_order_events WHERE id = ANY($1::bigint[]) ORDER BY work_order_events.id`,
  { replan: true },
);
const HOPS_OF_ORDERS = prepared(
  'hops-of-orders',
  `SELECT work_order_id, hop, level, department_id, dispatched_at FROM dispatch_records WHERE work_order_id = ANY($1::uuid[]) ORDER BY work_order_id, hop`,
  { replan: true },
);
const HOPS_OF_ORDER = prepared('hops-of-order', `SELECT hop, level, department_id, dispatched_at FROM dispatch_records WHERE work_order_id = $1 ORDER BY hop`);
/**
 * Adds the delta rows of one transaction in one statement (every column, zeros included: one
 * statement for every shape of delta), in the order given, which is mergeDeltas' fixed lock order.
 * One statement instead of one per row: the first row's lock is held for one round trip and the
 * commit, not one round trip per row after it (the day's rows are hot: every events worker adds to
 * them).
 */
const UPSERT_DAILY = prepared(
  'dispatch-daily-add-all',
  `INSERT INTO dispatch_daily (day, department_id, ${Object.keys(COLUMNS).join(', ')})
   SELECT day, department_id, ${Object.keys(COLUMNS).join(', ')}
   FROM unnest($1::date[], $2::uuid[], ${Object.keys(COLUMNS)
     .map((_, i) => `$${i + 3}::int[]`)
     .join(', ')}) WITH ORDINALITY AS u(day, department_id, ${Object.keys(COLUMNS).join(', ')}, n)
   ORDER BY n
   ON CONFLICT (day, department_id) DO UPDATE SET ${Object.keys(COLUMNS)
     .map((c) => `${c} = dispatch_daily.${c} + EXCLUDED.${c}`)
     .join(', ')}`,
);

@Injectable()
export class DispatchMetricsService implements EventReaction {
  readonly consumer = CONSUMER;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly calendar: CalendarService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async react(event: JobPayloads['work-order.changed']): Promise<boolean> {
    return RELEVANT.has(event.type) ? this.applyEvent(event.eventId) : false;
  }

  async reactAll(events: readonly JobPayloads['work-order.changed'][]): Promise<number> {
    return this.applyEvents(events.filter((e) => RELEVANT.has(e.type)).map((e) => e.eventId));
  }

  /**
   * Folds one event into dispatch_daily. Idempotent: the processed-job record is written in the same
   * transaction as the increments, so a redelivered job (or the sweep racing the processor) changes
   * nothing. Every count is derived from the event and the order's dispatch records by hop, never from
   * the rollup's own state, so events may be folded in any order.
   */
  async applyEvent(eventId: string): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const claimed = await runPrepared(m, CLAIM_JOB, [CONSUMER, eventId]);
      if (claimed.length === 0) return false;
      const rows = await runPrepared<EventRow>(m, EVENT_BY_ID, [eventId]);
      const ev = rows[0];
      if (!ev || !RELEVANT.has(ev.type)) return false;
      const deltas = await this.deltasFor(m, ev);
      await upsertAll(m, mergeDeltas(deltas));
      return deltas.length > 0;
    });
  }

  private day(instant: Date): string {
    return localDate(new Date(instant), this.calendar.timeZone);
  }

  /**
   * Folds a batch of events (the events worker gathers the jobs that arrive together) in one
   * transaction: one claim, one read of the events, one of their orders' hops, and one upsert of
   * every (day, unit) touched. Same idempotency as applyEvent: events claimed earlier are skipped.
   */
  async applyEvents(eventIds: readonly string[]): Promise<number> {
    if (eventIds.length === 0) return 0;
    return this.ds.transaction(async (m) => {
      const claimed = await runPrepared<{ job_key: string }>(m, CLAIM_JOBS, [CONSUMER, eventIds]);
      if (claimed.length === 0) return 0;
      const events = (await runPrepared<EventRow>(m, EVENTS_BY_IDS, [claimed.map((c) => c.job_key)])).filter((e) => RELEVANT.has(e.type));
      const hops = new Map<string, HopRow[]>();
      for (const h of await runPrepared<HopRow & { work_order_id: string }>(m, HOPS_OF_ORDERS, [[...new Set(events.map((e) => e.work_order_id))]])) {
        hops.set(h.work_order_id, [...(hops.get(h.work_order_id) ?? []), h]);
      }
      const deltas: Delta[] = [];
      for (const ev of events) deltas.push(...(await this.deltasFor(m, ev, hops.get(ev.work_order_id) ?? [])));
      await upsertAll(m, mergeDeltas(deltas));
      return events.length;
    });
  }

  private async deltasFor(m: EntityManager, ev: EventRow, knownHops?: HopRow[]): Promise<Delta[]> {
    const hops = knownHops ?? (await runPrepared<HopRow>(m, HOPS_OF_ORDER, [ev.work_order_id]));
    const hopNo = typeof ev.details.hop === 'number' ? ev.details.hop : null;
    const atHop = hopNo === null ? undefined : hops.find((h) => h.hop === hopNo);
    switch (ev.type) {
      case 'dispatched':
      case 'sub_dispatched':
        return atHop ? this.hopDeltas(hops, atHop) : [];
      case 'return_approved':
        return this.returnDeltas(m, ev, hops, atHop);
      case 'signed': {
        const unit = typeof ev.details.departmentId === 'string' ? ev.details.departmentId : atHop?.department_id;
        if (!unit) return [];
        return [{ day: this.day(ev.occurred_at), departmentId: unit, signs: 1, signs_on_time: ev.details.onTime === true ? 1 : 0 }];
      }
      case 'replied': {
        const unit = (atHop ?? hops[hops.length - 1])?.department_id;
        if (!unit) return [];
        return [{ day: this.day(ev.occurred_at), departmentId: unit, completions: 1, completions_on_time: ev.details.onTime === true ? 1 : 0 }];
      }
      default:
        return [];
    }
  }

  /** A new hop: a first-level dispatch for its unit, and a hop (maybe a change of unit) of its order. */
  private hopDeltas(hops: HopRow[], rec: HopRow): Delta[] {
    const out: Delta[] = [];
    if (rec.level === 1) out.push({ day: this.day(rec.dispatched_at), departmentId: rec.department_id, dispatches: 1 });
    const first = hops.find((h) => h.level === 1);
    if (!first) return out;
    const firstBucket = { day: this.day(first.dispatched_at), departmentId: first.department_id };
    if (rec.hop === first.hop) {
      out.push({ ...firstBucket, orders: 1, first_unit_final: 1, hops: 1 });
      return out;
    }
    out.push({ ...firstBucket, hops: 1 });
    if (rec.level === 1) {
      // Telescoping: each re-dispatch adds [new unit is the first] − [previous unit was the first], so
      // after all of an order's dispatches the sum is [final unit is the first unit], in any fold order.
      const prev = [...hops].reverse().find((h) => h.level === 1 && h.hop < rec.hop);
      const delta = Number(rec.department_id === first.department_id) - Number(prev?.department_id === first.department_id);
      if (delta !== 0) out.push({ ...firstBucket, first_unit_final: delta });
    }
    return out;
  }

  /**
   * An approved return counts against the first-level dispatch it ended. The k-th return_approved event
   * of an order is its k-th approved return (reviews of one order are serialised by its version), which
   * names the hop returned without relying on the event's details.
   */
  private async returnDeltas(m: EntityManager, ev: EventRow, hops: HopRow[], atHop: HopRow | undefined): Promise<Delta[]> {
    const [{ k }] = (await m.query(`SELECT count(*)::int AS k FROM work_order_events WHERE work_order_id = $1 AND type = 'return_approved' AND id <= $2`, [
      ev.work_order_id,
      ev.id,
    ])) as {
      k: number;
    }[];
    const returned = (await m.query(
      `SELECT dr.hop FROM return_requests r JOIN dispatch_records dr ON dr.id = r.dispatch_record_id
       WHERE r.work_order_id = $1 AND r.status = 'approved' ORDER BY dr.hop`,
      [ev.work_order_id],
    )) as { hop: number }[];
    const returnedHop = returned[k - 1]?.hop;
    if (returnedHop === undefined) return [];
    const out: Delta[] = [];
    const ended = [...hops].reverse().find((h) => h.level === 1 && h.hop <= returnedHop);
    if (ended) out.push({ day: this.day(ended.dispatched_at), departmentId: ended.department_id, approved_returns: 1 });
    // The dispatcher re-dispatched in the same action: that new hop is a dispatch too. When the router
    // re-routes instead (no departmentId), its own 'dispatched' event brings the new hop.
    if (atHop && atHop.hop > returnedHop && atHop.level === 1 && ev.details.departmentId === atHop.department_id) out.push(...this.hopDeltas(hops, atHop));
    return out;
  }

  /**
   * Folds events the rollup has not seen (a job lost with Redis). Reads the event log forward from a
   * watermark by primary key, so a sweep every minute costs the events since the last one; it also
   * backfills the whole history on first run. The watermark only moves over events older than
   * `settleSeconds`, so a transaction that took a lower id but committed later is still read.
   */
  async reconcile(opts: ReconcileOptions = {}): Promise<number> {
    return sweepEventLog(
      this.ds,
      { consumer: CONSUMER, types: TYPES, settleSeconds: opts.settleSeconds ?? 300, batch: opts.batch ?? 2_000, maxBatches: opts.maxBatches ?? 10 },
      (id) => this.applyEvent(id),
    );
  }

  /** Rollup counts per day and unit over [from, to], the rollup only (no snapshot). */
  private async rollup(from: string, to: string, groupBy: 'day' | 'department'): Promise<Map<string, DispatchCounts>> {
    const key = groupBy === 'day' ? `to_char(r.day, 'YYYY-MM-DD')` : 'r.department_id::text';
    const sums = Object.keys(COLUMNS)
      .map((c) => `SUM(r.${c})::int AS ${c}`)
      .join(', ');
    const rows = (await this.ds.query(`SELECT ${key} AS key, ${sums} FROM dispatch_daily r WHERE r.day BETWEEN $1 AND $2 GROUP BY 1`, [from, to])) as ({
      key: string;
    } & Record<RollupColumn, number>)[];
    const out = new Map<string, DispatchCounts>();
    for (const r of rows) {
      const c = { ...ZERO_DISPATCH_COUNTS };
      for (const [col, field] of Object.entries(COLUMNS) as [RollupColumn, keyof DispatchCounts][]) c[field] = r[col];
      out.set(r.key, c);
    }
    return out;
  }

  /**
   * Orders still with a unit (not replied) whose completion deadline passed before the period's end (or
   * now, if earlier), by holding unit and by the local day they fell due. Plans as a scan of
   * ix_work_orders_status_created over the three open statuses: the live orders only, never the history.
   */
  private async openOverdue(start: Date, end: Date): Promise<{ unit: string; dueDay: string | null; n: number }[]> {
    const now = this.clock.now();
    const cutoff = end < now ? end : now;
    const rows = (await inScope(this.ds, ALL, (m) =>
      m.query(
        `SELECT department_id::text AS unit,
                CASE WHEN due_at < $1 THEN NULL ELSE to_char(due_at AT TIME ZONE $3, 'YYYY-MM-DD') END AS due_day,
                count(*)::int AS n
         FROM work_orders WHERE due_at < $2 AND status = ANY($4) AND department_id IS NOT NULL GROUP BY 1, 2`,
        [start, cutoff, this.calendar.timeZone, OPEN_WITH_UNIT],
      ),
    )) as { unit: string; due_day: string | null; n: number }[];
    return rows.map((r) => ({ unit: r.unit, dueDay: r.due_day, n: r.n }));
  }

  private checkRange(from: string, to: string): { start: Date; end: Date } {
    if (to < from) throw new InvalidInput('to must not be before from');
    if (addLocalDays(from, MAX_DAYS) <= to) throw new InvalidInput(`a report covers at most ${MAX_DAYS} days`);
    return businessDayRange(from, to, this.calendar.timeZone);
  }

  /** Counts per unit over [from, to], open-overdue snapshot included (for the accountability list). */
  async countsByDepartment(from: string, to: string): Promise<Map<string, DispatchCounts>> {
    const { start, end } = this.checkRange(from, to);
    const out = await this.rollup(from, to, 'department');
    for (const o of await this.openOverdue(start, end)) {
      const c = out.get(o.unit) ?? { ...ZERO_DISPATCH_COUNTS };
      c.openOverdue += o.n;
      out.set(o.unit, c);
    }
    return out;
  }

  async report(from: string, to: string, groupBy: 'day' | 'department'): Promise<DispatchMetricsReport> {
    const { start, end } = this.checkRange(from, to);
    const counts = await this.rollup(from, to, groupBy);
    const overdue = await this.openOverdue(start, end);
    const overdueTotal = overdue.reduce((s, o) => s + o.n, 0);
    if (groupBy === 'department') {
      for (const o of overdue) {
        const c = counts.get(o.unit) ?? { ...ZERO_DISPATCH_COUNTS };
        c.openOverdue += o.n;
        counts.set(o.unit, c);
      }
    } else {
      const days: string[] = [];
      for (let d = from; d <= to; d = addLocalDays(d, 1)) days.push(d);
      const dueOn = new Map<string, number>();
      for (const o of overdue) if (o.dueDay) dueOn.set(o.dueDay, (dueOn.get(o.dueDay) ?? 0) + o.n);
      const before = overdue.filter((o) => !o.dueDay).reduce((s, o) => s + o.n, 0);
      // A day in the future of `now` gets the same snapshot as today: nothing more can be overdue yet.
      for (const [day, n] of cumulativeOverdue(days, before, dueOn)) {
        if (n === 0) continue;
        const c = counts.get(day) ?? { ...ZERO_DISPATCH_COUNTS };
        c.openOverdue = n;
        counts.set(day, c);
      }
    }
    const labels = groupBy === 'department' ? await this.departmentNames([...counts.keys()]) : new Map<string, string>();
    const toRow = (key: string, c: DispatchCounts, label?: string): DispatchMetricsRow => ({
      key,
      ...(label ? { label } : {}),
      ...dispatchRates(c),
      counts: c,
    });
    const rows = [...counts.entries()]
      .map(([key, c]) => toRow(key, c, labels.get(key)))
      .sort((a, b) => (groupBy === 'day' ? a.key.localeCompare(b.key) : (a.label ?? a.key).localeCompare(b.label ?? b.key, 'zh')));
    const sum = [...counts.values()].reduce((t, c) => addDispatchCounts(t, { ...c, openOverdue: 0 }), ZERO_DISPATCH_COUNTS);
    return { from, to, groupBy, rows, total: toRow('total', { ...sum, openOverdue: overdueTotal }) };
  }

  private async departmentNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.ds.query(`SELECT id::text AS id, name_zh FROM departments WHERE id = ANY($1::uuid[])`, [ids])) as {
      id: string;
      name_zh: string;
    }[];
    return new Map(rows.map((r) => [r.id, r.name_zh]));
  }
}

function mergeDeltas(deltas: Delta[]): Delta[] {
  const byKey = new Map<string, Delta>();
  for (const d of deltas) {
    const k = `${d.day}|${d.departmentId}`;
    const acc = byKey.get(k) ?? { day: d.day, departmentId: d.departmentId };
    for (const col of Object.keys(COLUMNS) as RollupColumn[]) if (d[col] !== undefined) acc[col] = (acc[col] ?? 0) + d[col];
    byKey.set(k, acc);
  }
  // A fixed lock order: two events folded at once never wait on each other's rows in opposite orders.
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d);
}

/** Adds merged deltas (mergeDeltas: one per (day, unit), in lock order); rows of zeros are left out. */
async function upsertAll(m: EntityManager, deltas: Delta[]): Promise<void> {
  const cols = Object.keys(COLUMNS) as RollupColumn[];
  const rows = deltas.filter((d) => cols.some((c) => d[c] !== undefined && d[c] !== 0));
  if (rows.length === 0) return;
  await runPrepared(m, UPSERT_DAILY, [rows.map((d) => d.day), rows.map((d) => d.departmentId), ...cols.map((c) => rows.map((d) => d[c] ?? 0))]);
}
