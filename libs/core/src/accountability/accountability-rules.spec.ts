import type { AccountabilityThresholds } from '@hotline/contracts';
import { rate } from '../metrics/rates';
import { type MonthFigures, accountabilityReasons, monthRange } from './accountability-rules';

const T: AccountabilityThresholds = { minDispatchAccuracy: 0.98, minOnTimeSignRate: 0.95, minOnTimeCompletionRate: 0.9, minSatisfactionRate: 0.98, maxSupervisions: 5 };
const good: MonthFigures = {
  dispatchAccuracy: rate(50, 50),
  onTimeSignRate: rate(50, 50),
  onTimeCompletionRate: rate(50, 50),
  satisfactionRate: rate(49, 50),
  supervisions: 5,
};

describe('accountability reasons', () => {
  it('lists nobody whose rates meet every threshold, a rate exactly at the threshold included', () => {
    expect(accountabilityReasons(good, T)).toEqual([]);
  });
  it('flags dispatch accuracy under the minimum with the figures in the message', () => {
    const r = accountabilityReasons({ ...good, dispatchAccuracy: rate(8, 10) }, T);
    expect(r).toEqual([{ code: 'dispatch_accuracy', actual: 0.8, threshold: 0.98, message: 'dispatch accuracy 80% (8/10) is below 98%' }]);
  });
  it('does not judge a rate with nothing counted', () => {
    expect(accountabilityReasons({ ...good, onTimeSignRate: rate(0, 0), satisfactionRate: rate(0, 0) }, T)).toEqual([]);
  });
  it('flags more supervisions than the limit, not the limit itself', () => {
    expect(accountabilityReasons({ ...good, supervisions: 5 }, T)).toEqual([]);
    expect(accountabilityReasons({ ...good, supervisions: 6 }, T).map((r) => r.code)).toEqual(['supervisions']);
  });
  it('gives every failing reason', () => {
    const r = accountabilityReasons({ dispatchAccuracy: rate(1, 2), onTimeSignRate: rate(1, 2), onTimeCompletionRate: rate(1, 2), satisfactionRate: rate(1, 2), supervisions: 9 }, T);
    expect(r.map((x) => x.code)).toEqual(['dispatch_accuracy', 'on_time_sign', 'on_time_completion', 'satisfaction', 'supervisions']);
  });
});

describe('month range', () => {
  it('knows the last day of February in a leap year', () => {
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });
  it('refuses a month 13', () => {
    expect(() => monthRange('2026-13')).toThrow(RangeError);
  });
});
