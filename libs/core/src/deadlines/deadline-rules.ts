// Which timers an order has (催办 / 督办 / 回访), as pure functions of its stored state, the settings and
// "now". A timer is identified by (kind, dueAt): a moved deadline (extension, reopen, new unit) is a new
// timer, and the old one stops being valid, so a job planned for it fires as a no-op.
import { DeadlineKind, type SupervisionKind, type WorkOrderStatus } from '@hotline/contracts';
import { type WorkCalendar, localDate, nextWorkingDay, zonedToInstant } from '../calendar/working-time';

/** The order fields the timers depend on. */
export interface TimerOrder {
  status: WorkOrderStatus;
  dispatchedAt: Date | null;
  signDueAt: Date | null;
  clockStartAt: Date | null;
  dueAt: Date | null;
  repliedAt: Date | null;
}

export interface TimerSettings {
  /** Share of the completion time after which the yellow light (催办) is on, e.g. 0.8. */
  yellowLightFraction: number;
}

/** A supervision timer (the survey task has its own table and job). */
export type SupervisionTimerKind = Exclude<DeadlineKind, 'survey_due'>;

export interface Timer {
  kind: SupervisionTimerKind;
  dueAt: Date;
}

/** Statuses in which the completion clock runs (the unit holds the order). */
/** Events after which an order's timers may have changed (a new unit, a signature, a moved due time…). */
export const TIMER_EVENT_TYPES: ReadonlySet<string> = new Set([
  'dispatched',
  'sub_dispatched',
  'return_approved',
  'return_denied',
  'signed',
  'extension_approved',
  'reopened',
  'replied',
  'surveyed',
  'closed',
  'merged',
]);

export const CLOCK_RUNNING: readonly WorkOrderStatus[] = ['dispatched', 'accepted', 'return_requested'];

/** What a fired timer writes: 催办 (reminder) or 督办 (supervision), and the note in Chinese. */
export const TIMER_EFFECT: Readonly<Record<SupervisionTimerKind, { supervision: SupervisionKind; event: string; note: string }>> = {
  sign_overdue: { supervision: 'reminder', event: 'reminder_issued', note: '签收超时催办：请尽快签收工单' },
  sign_escalation: { supervision: 'supervision', event: 'supervision_issued', note: '签收严重超时督办：超过两个签收时限仍未签收' },
  due_soon: { supervision: 'reminder', event: 'reminder_issued', note: '办理时限即将届满催办（黄灯）' },
  overdue: { supervision: 'supervision', event: 'supervision_issued', note: '办理超时自动督办（红灯）' },
};

/**
 * The yellow-light fraction in thousandths. The sweep computes the same instant in SQL with integer
 * arithmetic, so the job and the sweep agree on the exact millisecond (the idempotency key).
 */
export function yellowPermille(fraction: number): number {
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) throw new RangeError(`yellowLightFraction must be within [0, 1], got ${String(fraction)}`);
  return Math.round(fraction * 1000);
}

/** 80 % (the setting) of the way from the clock start to the due time, floored to the millisecond. */
export function dueSoonAt(clockStartAt: Date, dueAt: Date, fraction: number): Date {
  const span = dueAt.getTime() - clockStartAt.getTime();
  return new Date(clockStartAt.getTime() + Math.floor((span * yellowPermille(fraction)) / 1000));
}

/** Still unsigned one more sign-for period after the sign-for deadline: 督办. */
export function signEscalationAt(dispatchedAt: Date, signDueAt: Date): Date {
  return new Date(signDueAt.getTime() + Math.max(0, signDueAt.getTime() - dispatchedAt.getTime()));
}

/** Every supervision timer the order has in its current state, past or future, in due order. */
export function timersFor(o: TimerOrder, s: TimerSettings): Timer[] {
  const timers: Timer[] = [];
  if (o.status === 'dispatched' && o.signDueAt) {
    timers.push({ kind: DeadlineKind.SignOverdue, dueAt: o.signDueAt });
    if (o.dispatchedAt) timers.push({ kind: DeadlineKind.SignEscalation, dueAt: signEscalationAt(o.dispatchedAt, o.signDueAt) });
  }
  if (CLOCK_RUNNING.includes(o.status) && o.dueAt) {
    if (o.clockStartAt && o.clockStartAt < o.dueAt)
      timers.push({ kind: DeadlineKind.DueSoon, dueAt: dueSoonAt(o.clockStartAt, o.dueAt, s.yellowLightFraction) });
    timers.push({ kind: DeadlineKind.Overdue, dueAt: o.dueAt });
  }
  return timers.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

export type TimerVerdict = 'fire' | 'stale' | 'not_due';

/**
 * Whether a timer planned for (kind, dueAt) should fire now: it must still be one of the order's timers
 * (same kind, same instant; a signed order has no sign timers, an extended one a new due time) and due.
 */
export function judgeTimer(o: TimerOrder, s: TimerSettings, kind: DeadlineKind, dueAt: Date, now: Date): TimerVerdict {
  const current = timersFor(o, s).some((t) => t.kind === kind && t.dueAt.getTime() === dueAt.getTime());
  if (!current) return 'stale';
  return now.getTime() >= dueAt.getTime() ? 'fire' : 'not_due';
}

/** Timers of the order that are due at `now` (the sweep's view). */
export function dueTimers(o: TimerOrder, s: TimerSettings, now: Date): Timer[] {
  return timersFor(o, s).filter((t) => t.dueAt.getTime() <= now.getTime());
}

/**
 * 回访 is due the next working day after the reply: by the end of that local day (23:59:59.999 in the
 * calendar's time zone). A Friday reply is due on Monday; a reply before a holiday after it.
 */
export function surveyDueAt(repliedAt: Date, cal: WorkCalendar): Date {
  const day = nextWorkingDay(cal, localDate(repliedAt, cal.timeZone));
  return zonedToInstant(day, { hour: 23, minute: 59, second: 59, millisecond: 999 }, cal.timeZone);
}

/** Delay of a delayed job: never negative (a past deadline fires at once). */
export function delayUntil(dueAt: Date, now: Date): number {
  return Math.max(0, dueAt.getTime() - now.getTime());
}
