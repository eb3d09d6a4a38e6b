import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RoutingService } from '@hotline/core';

const EVERY_MS = 10_000;
/** An order younger than this still has its routing job on the way. */
const GRACE_MS = 10_000;

/**
 * Routes registered orders whose routing job never arrived (published, then lost with Redis): the
 * database, not the queue, is the record of what still needs a unit.
 */
@Injectable()
export class RoutingSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(RoutingSweep.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly routing: RoutingService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), EVERY_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; returns how many orders it routed. */
  async sweep(): Promise<number> {
    let n = 0;
    for (const id of await this.routing.unrouted(GRACE_MS)) {
      // The job key is per order: a sweep and a late job for the same order still route it once.
      const r = await this.routing.route(id, `sweep-${id}`);
      if (r.outcome !== 'skipped') n++;
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
