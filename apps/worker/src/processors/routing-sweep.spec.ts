import type { RoutingService } from '@hotline/core';
import { FULL_ROUTING_SWEEP_EVERY_MS, ROUTING_GRACE_MS, ROUTING_SWEEP_LIMIT, ROUTING_SWEEP_SLACK_MS, RoutingSweep, routingSweepSince } from './routing-sweep';

const MIN = 60_000;
const BOOT = 1_800_000_000_000;

describe('the routing sweep’s window', () => {
  const back = (t: number) => t - ROUTING_GRACE_MS - ROUTING_SWEEP_SLACK_MS;

  it('reads every registered order at boot, from just before the last covering pass’s cutoff after, and all again once an hour has passed', () => {
    expect(routingSweepSince(BOOT, -Infinity, -Infinity)).toBeUndefined();
    expect(routingSweepSince(BOOT + 10_000, BOOT, BOOT)).toBe(back(BOOT));
    expect(routingSweepSince(BOOT + 59 * MIN, BOOT, BOOT + 58 * MIN)).toBe(back(BOOT + 58 * MIN));
    expect(routingSweepSince(BOOT + FULL_ROUTING_SWEEP_EVERY_MS, BOOT, BOOT + 59 * MIN)).toBeUndefined();
  });

  it('starts before the covering pass’s cutoff by more than a sweep period', () => {
    expect(BOOT - ROUTING_GRACE_MS - routingSweepSince(BOOT + MIN, BOOT, BOOT)!).toBeGreaterThanOrEqual(MIN);
  });
});

describe('the routing sweep’s passes', () => {
  /** A routing service that records the windows it was asked for and hands out `found` ids. */
  function fakeRouting(found: () => number) {
    const asked: (Date | undefined)[] = [];
    const routed: string[] = [];
    const routing = {
      unrouted: (olderThanMs: number, limit: number, since?: Date) => {
        expect(olderThanMs).toBe(ROUTING_GRACE_MS);
        expect(limit).toBe(ROUTING_SWEEP_LIMIT);
        asked.push(since);
        return Promise.resolve(Array.from({ length: found() }, (_, i) => `o${asked.length}-${i}`));
      },
      route: (id: string, jobKey: string) => {
        expect(jobKey).toBe(`sweep-${id}`);
        routed.push(id);
        return Promise.resolve({ outcome: 'manual' as const, reason: 'below threshold' });
      },
    };
    return { asked, routed, sweep: new RoutingSweep(routing as unknown as RoutingService) };
  }

  const back = (t: number) => new Date(t - ROUTING_GRACE_MS - ROUTING_SWEEP_SLACK_MS);

  it('routes what each pass finds, and after a full pass reads from just before the previous pass’s cutoff', async () => {
    const { asked, routed, sweep } = fakeRouting(() => 2);
    expect(await sweep.sweep(BOOT)).toBe(2);
    expect(await sweep.sweep(BOOT + 10_000)).toBe(2);
    expect(await sweep.sweep(BOOT + 20_000)).toBe(2);
    expect(await sweep.sweep(BOOT + FULL_ROUTING_SWEEP_EVERY_MS)).toBe(2);
    expect(await sweep.sweep(BOOT + FULL_ROUTING_SWEEP_EVERY_MS + 10_000)).toBe(2);
    expect(asked).toEqual([undefined, back(BOOT), back(BOOT + 10_000), undefined, back(BOOT + FULL_ROUTING_SWEEP_EVERY_MS)]);
    expect(routed).toHaveLength(10);
  });

  it('keeps passes full while a full pass finds a whole batch (more may be left behind)', async () => {
    let found = ROUTING_SWEEP_LIMIT;
    const { asked, sweep } = fakeRouting(() => found);
    await sweep.sweep(BOOT);
    await sweep.sweep(BOOT + 10_000);
    found = 3;
    await sweep.sweep(BOOT + 20_000);
    await sweep.sweep(BOOT + 30_000);
    expect(asked).toEqual([undefined, undefined, undefined, back(BOOT + 20_000)]);
  });

  it('holds the window where it was while a recent pass finds a whole batch', async () => {
    let found = 0;
    const { asked, sweep } = fakeRouting(() => found);
    await sweep.sweep(BOOT);
    found = ROUTING_SWEEP_LIMIT;
    await sweep.sweep(BOOT + 10_000);
    await sweep.sweep(BOOT + 20_000);
    found = 0;
    await sweep.sweep(BOOT + 30_000);
    await sweep.sweep(BOOT + 40_000);
    expect(asked).toEqual([undefined, back(BOOT), back(BOOT), back(BOOT), back(BOOT + 30_000)]);
  });

  it('stays full after a full pass that failed, and holds the window after a recent one that failed', async () => {
    let fail = true;
    const routing = {
      unrouted: jest.fn((_o: number, _l: number, _s?: Date) => (fail ? Promise.reject(new Error('connection lost')) : Promise.resolve([]))),
      route: jest.fn(),
    };
    const sweep = new RoutingSweep(routing as unknown as RoutingService);
    await expect(sweep.sweep(BOOT)).rejects.toThrow('connection lost');
    fail = false;
    await sweep.sweep(BOOT + 10_000);
    await sweep.sweep(BOOT + 20_000);
    fail = true;
    await expect(sweep.sweep(BOOT + 30_000)).rejects.toThrow('connection lost');
    fail = false;
    await sweep.sweep(BOOT + 40_000);
    expect(routing.unrouted.mock.calls.map((c) => c[2])).toEqual([undefined, undefined, back(BOOT + 10_000), back(BOOT + 20_000), back(BOOT + 20_000)]);
  });
});
