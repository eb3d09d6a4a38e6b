// When a unit becomes a 约谈 (accountability interview) candidate. Pure: the month's figures and the
// configured thresholds in, the reasons out.
import type { AccountabilityReason, AccountabilityThresholds, RateCell } from '@hotline/contracts';

export interface MonthFigures {
  dispatchAccuracy: RateCell;
  onTimeSignRate: RateCell;
  onTimeCompletionRate: RateCell;
  satisfactionRate: RateCell;
  supervisions: number;
}

const pct = (x: number) => `${(Math.round(x * 10_000) / 100).toString()}%`;

/**
 * A rate is judged only when something was counted (denominator > 0): a unit that received no orders
 * is not below any threshold. Supervisions: more than `maxSupervisions` 督办 in the month (the setting
 * is the most a unit may collect without being called in).
 */
export function accountabilityReasons(f: MonthFigures, t: AccountabilityThresholds): AccountabilityReason[] {
  const reasons: AccountabilityReason[] = [];
  const judge = (code: AccountabilityReason['code'], name: string, cell: RateCell, min: number) => {
    if (cell.denominator > 0 && cell.rate !== null && cell.rate < min) {
      reasons.push({ code, actual: cell.rate, threshold: min, message: `${name} ${pct(cell.rate)} (${cell.numerator}/${cell.denominator}) is below ${pct(min)}` });
    }
  };
  judge('dispatch_accuracy', 'dispatch accuracy', f.dispatchAccuracy, t.minDispatchAccuracy);
  judge('on_time_sign', 'on-time sign rate', f.onTimeSignRate, t.minOnTimeSignRate);
  judge('on_time_completion', 'on-time completion rate', f.onTimeCompletionRate, t.minOnTimeCompletionRate);
  judge('satisfaction', 'satisfaction rate', f.satisfactionRate, t.minSatisfactionRate);
  if (f.supervisions > t.maxSupervisions) {
    reasons.push({ code: 'supervisions', actual: f.supervisions, threshold: t.maxSupervisions, message: `${f.supervisions} supervisions (督办) exceed the limit of ${t.maxSupervisions}` });
  }
  return reasons;
}

/** 'YYYY-MM' → its first and last day; anything else is refused. */
export function monthRange(month: string): { from: string; to: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const mm = m ? Number(m[2]) : 0;
  if (!m || mm < 1 || mm > 12) throw new RangeError(`month must be YYYY-MM, got ${JSON.stringify(month)}`);
  const y = Number(m[1]);
  const last = new Date(Date.UTC(y, mm, 0)).getUTCDate();
  return { from: `${m[1]}-${m[2]}-01`, to: `${m[1]}-${m[2]}-${String(last).padStart(2, '0')}` };
}
