// Dispatch rates exactly as DOMAIN.md defines them (派单准确率 and companions). Pure: counts in, cells out.
import type { DispatchCounts, RateCell } from '@hotline/contracts';
import { rate } from './rates';

/** The work-order events the dispatch rollup folds. */
export const DISPATCH_ROLLUP_EVENT_TYPES = ['dispatched', 'sub_dispatched', 'return_approved', 'signed', 'replied'] as const;

export interface DispatchRates {
  dispatchAccuracy: RateCell;
  firstDispatchAccuracy: RateCell;
  averageHops: RateCell;
  onTimeSignRate: RateCell;
  onTimeCompletionRate: RateCell;
}

export const ZERO_DISPATCH_COUNTS: DispatchCounts = {
  dispatches: 0,
  approvedReturns: 0,
  orders: 0,
  firstUnitFinal: 0,
  hops: 0,
  signs: 0,
  signsOnTime: 0,
  completions: 0,
  completionsOnTime: 0,
  openOverdue: 0,
};

/**
 * 派单准确率 = 1 − approved returns ÷ first-level dispatches, returned as (dispatches − approved returns)
 * ÷ dispatches so the cell keeps an integer numerator. Denied returns never reach these counts.
 * On-time completion = completed on time ÷ (completed + still open and overdue).
 */
export function dispatchRates(c: DispatchCounts): DispatchRates {
  return {
    dispatchAccuracy: rate(c.dispatches - c.approvedReturns, c.dispatches),
    firstDispatchAccuracy: rate(c.firstUnitFinal, c.orders),
    averageHops: rate(c.hops, c.orders),
    onTimeSignRate: rate(c.signsOnTime, c.signs),
    onTimeCompletionRate: rate(c.completionsOnTime, c.completions + c.openOverdue),
  };
}

export function addDispatchCounts(a: DispatchCounts, b: DispatchCounts): DispatchCounts {
  const out = { ...a };
  for (const k of Object.keys(out) as (keyof DispatchCounts)[]) out[k] += b[k];
  return out;
}

/**
 * Open-overdue snapshot per day of a range: the orders open now whose deadline fell before the end of
 * each day. `dueBefore` counts those already overdue before the first day; `dueOn` those that fell due on
 * each day. Each day is its own period, so a day's row counts everything overdue by its end.
 */
export function cumulativeOverdue(days: string[], dueBefore: number, dueOn: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  let running = dueBefore;
  for (const d of days) {
    running += dueOn.get(d) ?? 0;
    out.set(d, running);
  }
  return out;
}
