import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RoutingService } from '@hotline/core';

const EVERY_MS = 10_000;
/** An order younger than this still has its routing job on the way. */
export const ROUTING_GRACE_MS = 10_000;
/** Orders a pass routes at most. */
export const ROUTING_SWEEP_LIMIT = 200;
/** A full pass (every registered order): at boot, then this often. */
export const FULL_ROUTING_SWEEP_EVERY_MS = 60 * 60_000;
/**
 * How far before the last covering pass's cutoff the next pass starts: the clocks that stamp an order
 * and that cut off a pass may differ, and an order stamped at its transaction's start commits later.
 */
export const ROUTING_SWEEP_SLACK_MS = 5 * 60_000;

/**
 * Where a pass starts looking, in ms since the epoch; undefined: a full pass is due (at boot, then
 * hourly). A pass that found less than a whole batch has routed every order registered before its
 * cutoff (`now - grace`) that was still unrouted, and no order goes back to registered once it has
 * left it; so the next pass starts a little before the cutoff of the last such pass (`coveredAt`),
 * and the 10 s query reads the last few minutes' orders, not the whole manual queue.
 */
export function routingSweepSince(now: number, lastFullAt: number, coveredAt: number): number | undefined {
  return now - lastFullAt >= FULL_ROUTING_SWEEP_EVERY_MS ? undefined : coveredAt - ROUTING_GRACE_MS - ROUTING_SWEEP_SLACK_MS;
}

/**
 * Routes registered orders whose routing job never arrived (published, then lost with Redis): the
 * database, not the queue, is the record of what still needs a unit. Every 10 s it reads the orders
 * registered in the last minutes (see routingSweepSince); at boot and every hour, all registered
 * orders (each 10 s until a full pass finds fewer than a whole batch), so the 10 s query stays a
 * short range of an index however long the manual queue grows.
 */
@Injectable()
export class RoutingSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(RoutingSweep.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private lastFullAt = -Infinity;
  /** The time of the last pass that found less than a whole batch. */
  private coveredAt = -Infinity;

  constructor(private readonly routing: RoutingService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), EVERY_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass, at `now`; returns how many orders it routed. */
  async sweep(now = Date.now()): Promise<number> {
    const since = routingSweepSince(now, this.lastFullAt, this.coveredAt);
    const ids = await this.routing.unrouted(ROUTING_GRACE_MS, ROUTING_SWEEP_LIMIT, since === undefined ? undefined : new Date(since));
    let n = 0;
    for (const id of ids) {
      // The job key is per order: a sweep and a late job for the same order still route it once.
      const r = await this.routing.route(id, `sweep-${id}`);
      if (r.outcome !== 'skipped') n++;
    }
    // A pass that found a whole batch may have left more behind: the next one starts where it did.
    if (ids.length < ROUTING_SWEEP_LIMIT) {
      this.coveredAt = now;
      if (since === undefined) this.lastFullAt = now;
    }
    return n;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.sweep()
      .then((n) => {
        if (n > 0) this.log.warn(`routing sweep: routed ${n} order(s) whose routing job never arrived`);
      })
      .catch((err: Error) => this.log.warn(`routing sweep failed: ${err.message}`))
      .finally(() => (this.running = undefined));
    await this.running;
  }
}
