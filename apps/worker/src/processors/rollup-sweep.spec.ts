import { SATISFACTION_RECENT_RECONCILE_S } from '@hotline/core';
import { satisfactionLookBackS } from './rollup-sweep';

describe('the rollup sweep’s satisfaction look-back', () => {
  const MIN = 60_000;

  it('reads all 35 days at boot, the last minutes each minute after, and all again once an hour has passed', () => {
    const boot = 1_000_000_000;
    expect(satisfactionLookBackS(boot, -Infinity)).toBeUndefined();
    expect(satisfactionLookBackS(boot + MIN, boot)).toBe(SATISFACTION_RECENT_RECONCILE_S);
    expect(satisfactionLookBackS(boot + 59 * MIN, boot)).toBe(SATISFACTION_RECENT_RECONCILE_S);
    expect(satisfactionLookBackS(boot + 60 * MIN, boot)).toBeUndefined();
  });

  it('looks back several sweep periods (a minute), so a late minute’s surveys are still read', () => {
    expect(SATISFACTION_RECENT_RECONCILE_S * 1000).toBeGreaterThanOrEqual(10 * MIN);
  });
});
