import { type TimeLimitPolicy, resolveTimeLimit } from './time-limits';

const policies: TimeLimitPolicy[] = [
  { stage: 'sign', kind: null, priority: 'critical', amount: 15, unit: 'minutes' },
  { stage: 'sign', kind: null, priority: null, amount: 1, unit: 'working_days' },
  { stage: 'complete', kind: null, priority: 'critical', amount: 24, unit: 'hours' },
  { stage: 'complete', kind: 'consultation', priority: null, amount: 3, unit: 'working_days' },
  { stage: 'complete', kind: 'complaint', priority: null, amount: 10, unit: 'working_days' },
  { stage: 'complete', kind: null, priority: null, amount: 5, unit: 'working_days' },
];

describe('time-limit policy resolution', () => {
  it('gives a normal complaint 10 working days to complete', () => {
    expect(resolveTimeLimit(policies, 'complete', 'complaint', 'normal')).toEqual({ amount: 10, unit: 'working_days' });
  });
  it('lets 特急 24 hours override the kind limit', () => {
    expect(resolveTimeLimit(policies, 'complete', 'complaint', 'critical')).toEqual({ amount: 24, unit: 'hours' });
  });
  it('falls back to the catch-all for a kind without its own policy', () => {
    expect(resolveTimeLimit(policies, 'complete', 'praise', 'normal')).toEqual({ amount: 5, unit: 'working_days' });
  });
  it('gives a critical order 15 minutes to sign for', () => {
    expect(resolveTimeLimit(policies, 'sign', 'help', 'critical')).toEqual({ amount: 15, unit: 'minutes' });
  });
  it('fails loudly when nothing is configured', () => {
    expect(() => resolveTimeLimit([], 'sign', 'help', 'normal')).toThrow(/no sign time limit/);
  });
});
