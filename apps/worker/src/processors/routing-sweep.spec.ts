import type { RoutingService } from '@hotline/core';
import { FULL_ROUTING_SWEEP_EVERY_MS, ROUTING_GRACE_MS, ROUTING_SWEEP_LIMIT, ROUTING_SWEEP_SLACK_MS, RoutingSweep, routingSweepSince } from './routing-sweep';

const MIN = 60_000;
const BOOT = 1_800_000_000_000;

describe('the routing sweep’s window', () => {
  it('reads every registered order at boot, those since the last full pass after, and all again once an hour has passed', () => {
    expect(routingSweepSince(BOOT, -Infinity)).toBeUndefined();
    const since = BOOT - ROUTING_GRACE_MS - ROUTING_SWEEP_SLACK_MS;
    expect(routingSweepSince(BOOT + 10_000, BOOT)).toBe(since);
    expect(routingSweepSince(BOOT + 59 * MIN, BOOT)).toBe(since);
    expect(routingSweepSince(BOOT + FULL_ROUTING_SWEEP_EVERY_MS, BOOT)).toBeUndefined();
  });

  it('starts a recent pass before the last full pass’s cutoff, by more than a sweep period', () => {
    const since = routingSweepSince(BOOT + MIN, BOOT)!;
    expect(BOOT - ROUTING_GRACE_MS - since).toBeGreaterThanOrEqual(MIN);
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

  it('routes what each pass finds, and narrows to recent orders only after a full pass', async () => {
    const { asked, routed, sweep } = fakeRouting(() => 2);
    expect(await sweep.sweep(BOOT)).toBe(2);
    expect(await sweep.sweep(BOOT + 10_000)).toBe(2);
    expect(await sweep.sweep(BOOT + FULL_ROUTING_SWEEP_EVERY_MS)).toBe(2);
    expect(await sweep.sweep(BOOT + FULL_ROUTING_SWEEP_EVERY_MS + 10_000)).toBe(2);
    expect(asked).toEqual([
      undefined,
      new Date(BOOT - ROUTING_GRACE_MS - ROUTING_SWEEP_SLACK_MS),
      undefined,
      new Date(BOOT + FULL_ROUTING_SWEEP_EVERY_MS - ROUTING_GRACE_MS - ROUTING_SWEEP_SLACK_MS),
    ]);
    expect(routed).toHaveLength(8);
  });

  it('keeps passes full while a full pass finds a whole batch (more may be left behind)', async () => {
    let found = ROUTING_SWEEP_LIMIT;
    const { asked, sweep } = fakeRouting(() => found);
    await sweep.sweep(BOOT);
    await sweep.sweep(BOOT + 10_000);
    found = 3;
    await sweep.sweep(BOOT + 20_000);
    await sweep.sweep(BOOT + 30_000);
    expect(asked).toEqual([undefined, undefined, undefined, new Date(BOOT + 20_000 - ROUTING_GRACE_MS - ROUTING_SWEEP_SLACK_MS)]);
  });

  it('stays full after a full pass that failed', async () => {
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
    expect(routing.unrouted.mock.calls.map((c) => c[2])).toEqual([undefined, undefined, new Date(BOOT + 10_000 - ROUTING_GRACE_MS - ROUTING_SWEEP_SLACK_MS)]);
  });
});
