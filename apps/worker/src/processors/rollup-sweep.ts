import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SatisfactionService } from '@hotline/core';

const EVERY_MS = 60_000;

/** Every minute, fold survey events whose job never arrived (lost with a Redis restart). */
@Injectable()
export class RollupSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(RollupSweep.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly satisfaction: SatisfactionService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), EVERY_MS);
    void this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.satisfaction
      .reconcile()
      .then((n) => {
        if (n > 0) this.log.warn(`satisfaction rollup: folded ${n} survey event(s) whose job never arrived`);
      })
      .catch((err: Error) => this.log.warn(`satisfaction sweep failed: ${err.message}`))
      .finally(() => (this.running = undefined));
    await this.running;
  }
}
