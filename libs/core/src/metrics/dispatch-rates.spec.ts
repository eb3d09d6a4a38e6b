import { ZERO_DISPATCH_COUNTS, addDispatchCounts, cumulativeOverdue, dispatchRates } from './dispatch-rates';

const counts = (over: Partial<typeof ZERO_DISPATCH_COUNTS>) => ({ ...ZERO_DISPATCH_COUNTS, ...over });

describe('dispatch rates', () => {
  it('counts approved returns against dispatches: 10 dispatches, 2 approved returns → 0.8', () => {
    expect(dispatchRates(counts({ dispatches: 10, approvedReturns: 2 })).dispatchAccuracy).toEqual({ numerator: 8, denominator: 10, rate: 0.8 });
  });
  it('gives first-dispatch accuracy as orders still with their first unit over orders', () => {
    expect(dispatchRates(counts({ orders: 4, firstUnitFinal: 3 })).firstDispatchAccuracy).toEqual({ numerator: 3, denominator: 4, rate: 0.75 });
  });
  it('averages hops per order', () => {
    expect(dispatchRates(counts({ orders: 4, hops: 6 })).averageHops).toEqual({ numerator: 6, denominator: 4, rate: 1.5 });
  });
  it('puts open overdue orders into the completion denominator', () => {
    expect(dispatchRates(counts({ completions: 8, completionsOnTime: 7, openOverdue: 2 })).onTimeCompletionRate).toEqual({ numerator: 7, denominator: 10, rate: 0.7 });
  });
  it('gives on-time sign rate over signs', () => {
    expect(dispatchRates(counts({ signs: 5, signsOnTime: 4 })).onTimeSignRate.rate).toBe(0.8);
  });
  it('has no rate when nothing was dispatched', () => {
    const r = dispatchRates(ZERO_DISPATCH_COUNTS);
    expect([r.dispatchAccuracy.rate, r.firstDispatchAccuracy.rate, r.averageHops.rate, r.onTimeSignRate.rate, r.onTimeCompletionRate.rate]).toEqual([null, null, null, null, null]);
  });
  it('adds counts field by field', () => {
    expect(addDispatchCounts(counts({ dispatches: 1, hops: 2 }), counts({ dispatches: 3, openOverdue: 1 }))).toEqual(counts({ dispatches: 4, hops: 2, openOverdue: 1 }));
  });
  it('accumulates overdue orders day by day from those overdue before the range', () => {
    const r = cumulativeOverdue(['2026-11-01', '2026-11-02', '2026-11-03'], 2, new Map([['2026-11-02', 3]]));
    expect([...r.values()]).toEqual([2, 5, 5]);
  });
});
