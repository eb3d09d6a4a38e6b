import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DispatchMetricsService, SatisfactionService } from '@hotline/core';

const EVERY_MS = 60_000;

/** Every minute, fold events whose job never arrived (lost with a Redis restart) into the rate rollups. */
@Injectable()
export class RollupSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(RollupSweep.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly satisfaction: SatisfactionService,
    private readonly dispatch: DispatchMetricsService,
  ) {}

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
    const warn = (what: string) => (n: number) => {
      if (n > 0) this.log.warn(`${what} rollup: folded ${n} event(s) whose job never arrived`);
    };
    this.running = Promise.all([this.satisfaction.reconcile().then(warn('satisfaction')), this.dispatch.reconcile().then(warn('dispatch'))])
      .then(() => undefined)
      .catch((err: Error) => this.log.warn(`rollup sweep failed: ${err.message}`))
      .finally(() => (this.running = undefined));
    await this.running;
  }
}
