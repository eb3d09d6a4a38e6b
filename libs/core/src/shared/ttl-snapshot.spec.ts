import { TtlSnapshot } from './ttl-snapshot';

describe('a short-lived snapshot of reference data', () => {
  it('shares one load between concurrent readers', async () => {
    let loads = 0;
    const snap = new TtlSnapshot(async () => ++loads, 60_000);
    expect(await Promise.all([snap.get(), snap.get(), snap.get()])).toEqual([1, 1, 1]);
    expect(loads).toBe(1);
  });
  it('loads again after invalidation', async () => {
    let loads = 0;
    const snap = new TtlSnapshot(async () => ++loads, 60_000);
    await snap.get();
    snap.invalidate();
    expect(await snap.get()).toBe(2);
  });
  it('does not keep a failed load', async () => {
    let loads = 0;
    const snap = new TtlSnapshot(async () => {
      loads++;
      if (loads === 1) throw new Error('database away');
      return loads;
    }, 60_000);
    await expect(snap.get()).rejects.toThrow('database away');
    expect(await snap.get()).toBe(2);
  });
});
