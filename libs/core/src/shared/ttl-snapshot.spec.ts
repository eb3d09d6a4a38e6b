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

  it('serves the expired value at once and refreshes it in the background', async () => {
    let loads = 0;
    const snap = new TtlSnapshot(async () => ++loads, 0);
    expect(await snap.get()).toBe(1);
    expect(await snap.get()).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(await snap.get()).toBe(2);
  });
  it('peeks without waiting, starting the first load', async () => {
    const snap = new TtlSnapshot(async () => 'loaded', 60_000);
    expect(snap.peek()).toBeUndefined();
    await new Promise((r) => setImmediate(r));
    expect(snap.peek()).toBe('loaded');
  });
});
