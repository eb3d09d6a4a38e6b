import type { WorkCalendar } from '../calendar/working-time';
import { type TimerOrder, delayUntil, dueSoonAt, dueTimers, judgeTimer, signEscalationAt, surveyDueAt, timersFor } from './deadline-rules';

const S = { yellowLightFraction: 0.8 };
const at = (iso: string) => new Date(iso);
const cal: WorkCalendar = {
  timeZone: 'Asia/Shanghai',
  overrides: new Map([
    ['2027-01-01', 'holiday'],
    ['2027-01-02', 'holiday'],
    ['2027-01-03', 'holiday'],
  ]),
};

function order(p: Partial<TimerOrder>): TimerOrder {
  return { status: 'dispatched', dispatchedAt: null, signDueAt: null, clockStartAt: null, dueAt: null, repliedAt: null, ...p };
}

// Dispatched Monday 10:00 (Shanghai), sign-for due Tuesday 10:00, completion due ten days later.
const dispatched = order({
  status: 'dispatched',
  dispatchedAt: at('2026-11-23T02:00:00Z'),
  signDueAt: at('2026-11-24T02:00:00Z'),
  clockStartAt: at('2026-11-23T02:00:00Z'),
  dueAt: at('2026-12-03T02:00:00Z'),
});

describe('deadline rules', () => {
  it('gives an unsigned order a sign-for reminder, a sign-for escalation, a yellow light and an overdue timer', () => {
    expect(timersFor(dispatched, S).map((t) => [t.kind, t.dueAt.toISOString()])).toEqual([
      ['sign_overdue', '2026-11-24T02:00:00.000Z'],
      ['sign_escalation', '2026-11-25T02:00:00.000Z'],
      ['due_soon', '2026-12-01T02:00:00.000Z'],
      ['overdue', '2026-12-03T02:00:00.000Z'],
    ]);
  });

  it('drops the sign-for timers once the order is signed', () => {
    const signed = { ...dispatched, status: 'accepted' as const };
    expect(timersFor(signed, S).map((t) => t.kind)).toEqual(['due_soon', 'overdue']);
  });

  it('has no timers once the order is replied or closed', () => {
    expect(timersFor({ ...dispatched, status: 'replied' }, S)).toEqual([]);
    expect(timersFor({ ...dispatched, status: 'closed' }, S)).toEqual([]);
  });

  it('keeps the completion timers while a return is under review', () => {
    expect(timersFor({ ...dispatched, status: 'return_requested' }, S).map((t) => t.kind)).toEqual(['due_soon', 'overdue']);
  });

  it('puts the yellow light at the configured share of the completion time, to the millisecond', () => {
    expect(dueSoonAt(at('2026-11-23T00:00:00Z'), at('2026-11-23T00:00:10Z'), 0.8).toISOString()).toBe('2026-11-23T00:00:08.000Z');
    expect(dueSoonAt(at('2026-11-23T00:00:00Z'), at('2026-11-23T00:00:00.003Z'), 0.5).toISOString()).toBe('2026-11-23T00:00:00.001Z');
  });

  it('escalates one more sign-for period after the sign-for deadline', () => {
    expect(signEscalationAt(at('2026-11-23T02:00:00Z'), at('2026-11-23T02:15:00Z')).toISOString()).toBe('2026-11-23T02:30:00.000Z');
  });

  it('fires a timer that is current and due', () => {
    expect(judgeTimer(dispatched, S, 'sign_overdue', at('2026-11-24T02:00:00Z'), at('2026-11-24T02:00:00Z'))).toBe('fire');
  });

  it('does not fire a current timer before its time', () => {
    expect(judgeTimer(dispatched, S, 'overdue', at('2026-12-03T02:00:00Z'), at('2026-12-03T01:59:59Z'))).toBe('not_due');
  });

  it('treats a timer for a moved due time (extension) as stale', () => {
    const extended = { ...dispatched, status: 'accepted' as const, dueAt: at('2026-12-10T02:00:00Z') };
    expect(judgeTimer(extended, S, 'overdue', at('2026-12-03T02:00:00Z'), at('2026-12-04T00:00:00Z'))).toBe('stale');
    expect(judgeTimer(extended, S, 'overdue', at('2026-12-10T02:00:00Z'), at('2026-12-10T02:00:00Z'))).toBe('fire');
  });

  it('treats a sign-for timer as stale once the order is signed', () => {
    expect(judgeTimer({ ...dispatched, status: 'accepted' }, S, 'sign_overdue', at('2026-11-24T02:00:00Z'), at('2026-11-25T00:00:00Z'))).toBe('stale');
  });

  it('treats the timers of the old clock as stale after a reopen', () => {
    const reopened = {
      ...dispatched,
      dispatchedAt: at('2026-12-07T02:00:00Z'),
      signDueAt: at('2026-12-08T02:00:00Z'),
      clockStartAt: at('2026-12-07T02:00:00Z'),
      dueAt: at('2026-12-21T02:00:00Z'),
    };
    expect(judgeTimer(reopened, S, 'overdue', at('2026-12-03T02:00:00Z'), at('2026-12-22T00:00:00Z'))).toBe('stale');
  });

  it('lists the timers already due for the sweep', () => {
    expect(dueTimers(dispatched, S, at('2026-11-25T02:00:00Z')).map((t) => t.kind)).toEqual(['sign_overdue', 'sign_escalation']);
  });

  it('makes a Friday reply due for its survey by the end of Monday (Asia/Shanghai)', () => {
    // Friday 2026-11-27 16:00 in Shanghai.
    expect(surveyDueAt(at('2026-11-27T08:00:00Z'), cal).toISOString()).toBe('2026-11-30T15:59:59.999Z');
  });

  it('uses the Shanghai date of a reply made after midnight there but before midnight UTC', () => {
    // Thursday 2026-11-26 23:30 UTC is Friday 07:30 in Shanghai: due Monday, not Friday.
    expect(surveyDueAt(at('2026-11-26T23:30:00Z'), cal).toISOString()).toBe('2026-11-30T15:59:59.999Z');
  });

  it('skips an official holiday when the survey falls due', () => {
    // Thursday 2026-12-31; 1–3 January 2027 are 元旦 holidays: due Monday 4 January.
    expect(surveyDueAt(at('2026-12-31T03:00:00Z'), cal).toISOString()).toBe('2027-01-04T15:59:59.999Z');
  });

  it('never gives a negative delay', () => {
    expect(delayUntil(at('2026-11-23T00:00:00Z'), at('2026-11-24T00:00:00Z'))).toBe(0);
    expect(delayUntil(at('2026-11-23T00:00:01Z'), at('2026-11-23T00:00:00Z'))).toBe(1000);
  });
});
