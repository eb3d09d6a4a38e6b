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

  it('looks back further than the sweep’s period, so a minute’s surveys are read more than once', () => {
    expect(SATISFACTION_RECENT_RECONCILE_S * 1000).toBeGreaterThan(5 * MIN);
  });
});
